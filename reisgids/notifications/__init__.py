"""In-app notifications and their emails (direct or in a daily digest).

Other apps call ``reisgids.notifications.services.notify``; nothing else is needed."""
