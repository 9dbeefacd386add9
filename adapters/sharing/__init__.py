"""Sharing (issue 6): the public feed, subscriptions, webhooks, the Credit China export."""
