"""The public portal (issue 8): its reads, sessions and announcements."""
