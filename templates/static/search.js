// Search: filled in by the search feature.
