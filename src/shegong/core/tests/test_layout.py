"""One shape for every app (issue 11, point 4): the tree against the rules and the docs.

The first test checks the real tree; the others build a small tree in a temporary folder and
show what each rule catches."""

from pathlib import Path

import pytest

from shegong.core.testing import layout


def test_the_tree_has_one_shape_and_the_architecture_doc_describes_it():
    assert layout.problems() == []


def test_the_documented_layers_are_the_import_contracts_layers():
    text = layout.DOC.read_text(encoding="utf-8")
    assert (
        "From the top: `reports` → `portal` → `inspections` | `audits` | `oversight` → "
        "`procurement` → `funding` → `grading` | `incubation` → `governance` → `assessment` | "
        "`education` → `workforce` → "
        "`registry` → `people` → `accounts` → `organisations` → `areas` → `core`."
    ) in text


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def tree(tmp_path, monkeypatch):
    package = tmp_path / "src" / "shegong"
    monkeypatch.setattr(layout, "PACKAGE", package)
    monkeypatch.setattr(layout, "DOC", tmp_path / "docs" / "architecture.md")
    monkeypatch.setattr(layout, "PYPROJECT", tmp_path / "pyproject.toml")
    monkeypatch.setattr(layout, "ROOT", tmp_path)
    monkeypatch.setattr(layout, "BEING_SPLIT", set())
    monkeypatch.setattr(layout, "APP_MODULES", {})
    _tree(
        package,
        {
            "core/__init__.py": '"""The framework."""\n',
            "core/apps.py": "",
            "shop/__init__.py": '"""A shop."""\n',
            "shop/apps.py": "",
            "shop/models.py": "",
            "shop/forms.py": "class OrderForm(forms.Form):\n    pass\n",
        },
    )
    _tree(
        tmp_path,
        {
            "pyproject.toml": (
                "[[tool.importlinter.contracts]]\nname = 'layers'\ntype = 'layers'\n"
                "layers = ['shegong.shop', 'shegong.core']\n"
            ),
            "docs/architecture.md": (
                "# Architecture\n\n<!-- generated: layout -->\n<!-- end: layout -->\n"
                "<!-- generated: modules -->\n<!-- end: modules -->\n"
                "<!-- generated: layers -->\n<!-- end: layers -->\n"
            ),
        },
    )
    layout.main(["--write"])
    return package


def test_a_small_tree_in_shape_has_no_problems_once_the_doc_is_written(tree):
    assert layout.problems() == []
    text = layout.DOC.read_text(encoding="utf-8")
    assert "  shop/           A shop.\n    apps forms models\n" in text
    assert "From the top: `shop` → `core`." in text


def test_a_module_over_600_lines_is_a_problem(tree):
    (tree / "shop" / "services.py").write_text("x = 1\n" * 601, encoding="utf-8")
    (tree / "shop" / "tests").mkdir()
    (tree / "shop" / "tests" / "test_long.py").write_text("x = 1\n" * 900, encoding="utf-8")
    layout.main(["--write"])
    assert layout.problems() == [
        "shop/services.py: 601 lines (at most 600): make it a package of the same name"
    ]


def test_a_form_in_a_view_even_inside_a_function_is_a_problem(tree):
    (tree / "shop" / "views.py").write_text(
        "def page():\n    class PayForm(StyledForm):\n        pass\n", encoding="utf-8"
    )
    (tree / "shop" / "forms").mkdir()
    (tree / "shop" / "forms" / "extra.py").write_text(
        "class ExtraForm(forms.ModelForm):\n    pass\n", encoding="utf-8"
    )
    layout.main(["--write"])
    assert layout.problems() == ["shop/views.py:2: form PayForm belongs in forms.py"]


def test_an_undocumented_module_name_is_a_problem_until_listed_with_its_reason(tree, monkeypatch):
    (tree / "shop" / "views_pay.py").write_text("", encoding="utf-8")
    layout.main(["--write"])
    assert layout.problems() == [
        "shop/views_pay: not a module name of the app shape: use one of COMMON_MODULES, "
        "or add it to APP_MODULES with its reason"
    ]
    monkeypatch.setattr(layout, "APP_MODULES", {"shop": {"views_pay": "pay pages"}})
    layout.main(["--write"])
    assert layout.problems() == []
    assert "| `shop` | `views_pay` | pay pages |" in layout.DOC.read_text(encoding="utf-8")


def test_a_doc_that_differs_from_the_tree_is_a_problem(tree):
    (tree / "shop" / "tables.py").write_text("", encoding="utf-8")
    assert layout.problems() == [
        "docs/architecture.md differs from the tree: run "
        "`python -m shegong.core.testing.layout --write`"
    ]


def test_a_changed_layer_contract_makes_the_doc_stale(tree):
    layout.PYPROJECT.write_text(
        "[[tool.importlinter.contracts]]\nname = 'layers'\ntype = 'layers'\n"
        "layers = ['shegong.core', 'shegong.shop']\n",
        encoding="utf-8",
    )
    assert layout.stale_doc() == [
        "docs/architecture.md differs from the tree: run "
        "`python -m shegong.core.testing.layout --write`"
    ]


def test_an_exemption_for_a_module_that_was_split_must_be_removed(tree, monkeypatch):
    monkeypatch.setattr(layout, "BEING_SPLIT", {"shop/services.py"})
    assert layout.long_modules() == [
        "shop/services.py is no longer too long: remove it from BEING_SPLIT"
    ]


def test_a_module_the_docs_name_that_is_not_in_the_tree_is_a_problem(tree):
    (layout.ROOT / "docs" / "modules").mkdir()
    (layout.ROOT / "docs" / "modules" / "shop.md").write_text(
        "Pages: `shop/views_pay.py`; forms: `shop/forms.py`; URL `shop/orders/`.\n",
        encoding="utf-8",
    )
    assert layout.missing_paths() == ["docs/modules/shop.md:1: shop/views_pay.py does not exist"]
