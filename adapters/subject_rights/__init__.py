"""Subjects' rights (issue 5): objections, repairs, evidence, reports, notifications."""
