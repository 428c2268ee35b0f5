"""Press coverage: articles and broadcasts about the campaign, listed by year."""
