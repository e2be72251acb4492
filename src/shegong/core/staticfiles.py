"""The production storage of static files: WhiteNoise's, with each file's URL worked out once a
process (issue 13). Every page asks for the URLs of the same dozen files (``{% static %}``) and
the manifest's lookup and URL joining cost a sixth of an empty page's template; the manifest
does not change while a process runs (``collectstatic`` runs before the server starts)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name, force=False):
        key = (name, force)
        url = self._urls.get(key)
        if url is None:
            url = super().url(name, force)
            if self.hashed_files:  # not while ``collectstatic`` builds the manifest
                self._urls[key] = url
        return url
