"""The guestbook of a tribute: readers' messages of support, moderated, and hidden by the family at will."""
