"""The production static storage (issue 13): WhiteNoise's hashed URLs, looked up once."""

import json

from whitenoise.storage import CompressedManifestStaticFilesStorage

from shegong.core.staticfiles import StaticFilesStorage


def _manifest(root):
    (root / "core").mkdir(parents=True)
    (root / "core" / "shegong.abc123.css").write_text("body{}")
    (root / "staticfiles.json").write_text(
        json.dumps({"paths": {"core/shegong.css": "core/shegong.abc123.css"}, "version": "1.1"})
    )


def test_the_url_is_the_hashed_one_and_is_worked_out_once(tmp_path, monkeypatch):
    _manifest(tmp_path)
    storage = StaticFilesStorage(location=str(tmp_path), base_url="/static/")
    plain = CompressedManifestStaticFilesStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("core/shegong.css") == "/static/core/shegong.abc123.css"
    assert storage.url("core/shegong.css") == plain.url("core/shegong.css")

    looked_up = []
    original = CompressedManifestStaticFilesStorage.stored_name

    def counting(self, name):
        looked_up.append(name)
        return original(self, name)

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "stored_name", counting)
    for _ in range(3):
        assert storage.url("core/shegong.css") == "/static/core/shegong.abc123.css"
    assert looked_up == []  # from the process's memory
    assert plain.url("core/shegong.css") == "/static/core/shegong.abc123.css"
    assert looked_up == ["core/shegong.css"]  # WhiteNoise's own looks it up every time
