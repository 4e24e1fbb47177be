"""Files built in the background with a progress page: the state and thread (services), the
poll and download pages (views)."""
