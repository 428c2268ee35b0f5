"""What several parts of stories share: the public forms' defences, photo cleaning, the moderators'
review task and view policy, private responses and the plain-text helpers. It imports no part."""
