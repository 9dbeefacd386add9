"""The policy files (policy/*.yaml): versioned, loaded and validated at start-up."""
