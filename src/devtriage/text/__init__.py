"""Text rules and models over message bodies (refusal / new-identity phrases, ...)."""
