from django.db import models


class ContentVersion(models.Model):
    """One row: a token that changes with every change to what the public pages show.

    Cached pages are kept under the token they were rendered with (portal/page_cache.py).
    The row is the version's home when the cache lives in each process's memory, where a
    change made by one process (another app server, `load_manual_data`) must still reach
    all of them; with a shared cache (Redis) the token lives there instead.
    """

    token = models.CharField(max_length=40)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return self.token
