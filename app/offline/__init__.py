"""Offline use of the survey: the service worker, the web app manifest and the pages to keep."""
