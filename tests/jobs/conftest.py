"""Helpers for tests of jobs: waiting for one to finish, as the page's htmx poll does."""

import time


def wait_for(client, url: str, seconds: float = 30) -> str:
    """Poll the job's fragment at `url` until it stops polling; its last fragment."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
        if "hx-trigger" not in page:
            return page
        assert "every 1s" in page and f'href="{url}"' in page  # polls, and a plain link
        time.sleep(0.2)
    raise AssertionError("the job did not finish")
