"""Grades, lists and time (issue 3): the grade views, the rulebooks, the grading sweeps."""
