"""The credit files' views: subjects, records, list entries, commitments."""
