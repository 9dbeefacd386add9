"""Joint reward and punishment (issue 4): the check, notices, feedback, the check log."""
