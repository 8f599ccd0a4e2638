"""Lesson 04/05 builders are saved into my_dcgan/ and loaded back by lesson 06."""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from notebook_runner import cell_errors, execute

from dcgan_course import carry

NOTEBOOK_CODE = '''
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

START = 4
SLOPE = 0.2


def block(depth):
    return [layers.Conv2DTranspose(depth, 5, strides=2, padding="same", use_bias=False),
            layers.BatchNormalization(), layers.LeakyReLU(negative_slope=SLOPE)]


def build_generator(z_dim=100, width=8, image_size=16, channels=3):
    """A small generator that uses imports, constants and a helper from its notebook."""
    model = [keras.Input((z_dim,)), layers.Dense(START * START * 2 * width, use_bias=False),
             layers.Reshape((START, START, 2 * width))]
    model += block(width)
    model.append(layers.Conv2DTranspose(channels, 5, strides=2, padding="same",
                                        activation=tf.nn.tanh))
    return keras.Sequential(model)


def build_discriminator(width=8):
    # YOUR CODE HERE
    raise NotImplementedError()


WEIGHTS = np.zeros(3)


def uses_an_array():
    return WEIGHTS.sum()
'''


@pytest.fixture()
def notebook_module(tmp_path):
    """The code above, imported as if its functions had been defined in a notebook."""
    path = tmp_path / "fake_notebook.py"
    path.write_text(NOTEBOOK_CODE)
    spec = importlib.util.spec_from_file_location("fake_notebook", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fake_notebook"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("fake_notebook", None)


def test_round_trip(notebook_module, tmp_path, capsys):
    folder = tmp_path / "lessons" / "my_dcgan"
    path = carry.save_builder(notebook_module.build_generator, folder=folder)
    assert path == folder / "generator.py"
    assert "Saved build_generator" in capsys.readouterr().out
    text = path.read_text()
    assert "START = 4" in text and "SLOPE = 0.2" in text and "def block(depth)" in text
    assert "from tensorflow import keras as keras" in text
    assert "uses_an_array" not in text and "build_discriminator" not in text
    ast.parse(text)
    loaded = carry.load_builder("generator", folder=folder)
    original = notebook_module.build_generator(z_dim=10)
    copy = loaded(z_dim=10)
    assert copy.count_params() == original.count_params()
    assert tuple(copy.output_shape) == (None, 16, 16, 3)


def test_saving_again_replaces_the_module(notebook_module, tmp_path):
    folder = tmp_path / "my_dcgan"
    carry.save_builder(notebook_module.build_generator, folder=folder)
    first = carry.load_builder("generator", folder=folder)
    (folder / "generator.py").write_text("def build_generator():\n    return 42\n")
    assert carry.load_builder("generator", folder=folder)() == 42
    assert first is not carry.load_builder("generator", folder=folder)


def test_missing_builder_says_what_to_do(tmp_path):
    with pytest.raises(carry.BuilderNotSaved) as error:
        carry.load_builder("discriminator", folder=tmp_path)
    message = str(error.value)
    assert "05-discriminator" in message and "Exercise 1" in message
    assert "carry.save_builder(build_discriminator)" in message
    assert str(tmp_path / "discriminator.py") in message


def test_module_without_the_function(tmp_path):
    (tmp_path / "generator.py").write_text("x = 1\n")
    with pytest.raises(carry.BuilderNotSaved, match="holds no function build_generator"):
        carry.load_builder("generator", folder=tmp_path)


def test_an_unfinished_builder_is_not_saved(notebook_module, tmp_path, capsys):
    assert carry.save_builder(notebook_module.build_discriminator, folder=tmp_path) is None
    assert not (tmp_path / "discriminator.py").exists()
    assert "still raises NotImplementedError" in capsys.readouterr().out


def test_unsaveable_globals_are_explained(notebook_module, tmp_path):
    with pytest.raises(ValueError, match="`WEIGHTS` \\(ndarray\\)"):
        carry.save_builder(notebook_module.uses_an_array, folder=tmp_path)


def test_folder_is_next_to_the_lesson_folders(tmp_path, monkeypatch):
    monkeypatch.delenv(carry.FOLDER_ENV, raising=False)
    lesson = tmp_path / "submitted" / "alice" / "04-generator"
    assert carry.my_dcgan_folder(lesson) == tmp_path / "submitted" / "alice" / "my_dcgan"
    monkeypatch.chdir(tmp_path)
    assert carry.my_dcgan_folder() == tmp_path.parent / "my_dcgan"
    monkeypatch.setenv(carry.FOLDER_ENV, str(tmp_path / "elsewhere"))
    assert carry.my_dcgan_folder(lesson) == tmp_path / "elsewhere"


def test_lesson_06_keeps_its_own_copy_for_grading(notebook_module, tmp_path, monkeypatch,
                                                   capsys):
    monkeypatch.delenv(carry.FOLDER_ENV, raising=False)
    lessons = tmp_path / "lessons"
    for lesson in ("04-generator", "06-training"):
        (lessons / lesson).mkdir(parents=True)
    monkeypatch.chdir(lessons / "04-generator")
    carry.save_builder(notebook_module.build_generator)
    shared = lessons / "my_dcgan" / "generator.py"
    assert shared.is_file()
    monkeypatch.chdir(lessons / "06-training")
    carry.load_builder("generator")
    local = lessons / "06-training" / "my_dcgan" / "generator.py"
    assert local.read_text() == shared.read_text()
    # nbgrader grades lesson 06 from its own folder only: the copy is enough
    shared.unlink()
    assert carry.load_builder("generator")(z_dim=3).output_shape == (None, 16, 16, 3)
    # saving again in lesson 04 makes a newer shared module, which wins over the old copy
    shared.write_text("def build_generator():\n    return 'newer'\n")
    os.utime(shared, (local.stat().st_mtime + 10, local.stat().st_mtime + 10))
    assert carry.load_builder("generator")() == "newer"
    assert "newer" in local.read_text()


def test_no_copy_inside_the_instructors_solutions(notebook_module, tmp_path, monkeypatch):
    monkeypatch.delenv(carry.FOLDER_ENV, raising=False)
    for lesson in ("04-generator", "06-training"):
        (tmp_path / "solutions" / lesson).mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "solutions" / "04-generator")
    carry.save_builder(notebook_module.build_generator)
    monkeypatch.chdir(tmp_path / "solutions" / "06-training")
    carry.load_builder("generator")
    assert not (tmp_path / "solutions" / "06-training" / "my_dcgan").exists()  # not released


def test_an_unwritable_folder_is_reported_not_raised(notebook_module, capsys):
    assert carry.save_builder(notebook_module.build_generator,
                              folder=Path("/dev/null/my_dcgan")) is None
    assert "Not saved: cannot write" in capsys.readouterr().out


def test_no_reference_builders_in_the_package():
    """The student-visible package must not hand out the lesson 04/05 solutions."""
    for path in (ROOT / "dcgan_course").glob("*.py"):
        if path.name == "toy_gan.py":  # lesson 01's 1-D players, not the DCGAN
            continue
        tree = ast.parse(path.read_text())
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert not names & {"build_generator", "build_discriminator"}, path.name


@pytest.mark.notebooks
def test_save_in_one_kernel_load_in_another(tmp_path):
    """Through real kernels, as Jupyter and nbgrader run the lessons (cwd = lesson folder)."""
    lessons = tmp_path / "lessons"
    saving = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import dcgan_course\nfrom dcgan_course import carry"),
        nbformat.v4.new_code_cell(textwrap.dedent(NOTEBOOK_CODE)),
        nbformat.v4.new_code_cell("carry.save_builder(build_generator)\n"
                                  "carry.save_builder(build_discriminator)"),
    ])
    loading = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import dcgan_course\nfrom dcgan_course import carry"),
        nbformat.v4.new_code_cell("g = carry.load_builder('generator')(z_dim=7)\n"
                                  "assert g.output_shape == (None, 16, 16, 3)"),
        nbformat.v4.new_code_cell("carry.load_builder('discriminator')"),
    ])
    for folder, nb in (("04-generator", saving), ("06-training", loading)):
        (lessons / folder).mkdir(parents=True)
        nbformat.write(nb, lessons / folder / f"{folder}.ipynb")
    env = {carry.FOLDER_ENV: ""}
    saved = execute(lessons / "04-generator" / "04-generator.ipynb", env=env)
    assert not cell_errors(saved)
    assert "Saved build_generator" in saved.cells[2].outputs[0]["text"]
    assert (lessons / "my_dcgan" / "generator.py").is_file()
    assert not (lessons / "my_dcgan" / "discriminator.py").exists()
    errors = cell_errors(execute(lessons / "06-training" / "06-training.ipynb", env=env))
    assert list(errors) == [loading.cells[2].id]
    name, message = errors[loading.cells[2].id]
    assert name == "BuilderNotSaved" and "05-discriminator" in message
    assert (lessons / "06-training" / "my_dcgan" / "generator.py").is_file()  # handed in with 06


@pytest.mark.parametrize("saved_in, loaded_in", [("lessons", "lessons-ko"),
                                                 ("lessons-ko", "lessons")])
def test_a_builder_saved_in_one_edition_is_found_from_the_other(notebook_module, tmp_path,
                                                                monkeypatch, saved_in,
                                                                loaded_in):
    """One learner, one saved model: lesson 04 in English, lesson 06 in Korean (or back)."""
    monkeypatch.delenv(carry.FOLDER_ENV, raising=False)
    suffix = {"lessons": "", "lessons-ko": "-ko"}
    save_at = tmp_path / saved_in / f"04-generator{suffix[saved_in]}"
    load_at = tmp_path / loaded_in / f"06-svhn-training{suffix[loaded_in]}"
    save_at.mkdir(parents=True)
    load_at.mkdir(parents=True)
    monkeypatch.chdir(save_at)
    carry.save_builder(notebook_module.build_generator)
    monkeypatch.chdir(load_at)
    assert carry.load_builder("generator")(z_dim=3).output_shape == (None, 16, 16, 3)
    assert (load_at / "my_dcgan" / "generator.py").is_file()  # handed in with lesson 06
    # the newer of the two editions' saves wins
    mine = tmp_path / loaded_in / "my_dcgan" / "generator.py"
    mine.parent.mkdir()
    mine.write_text("def build_generator():\n    return 'saved again here'\n")
    later = (load_at / "my_dcgan" / "generator.py").stat().st_mtime + 10
    os.utime(mine, (later, later))
    assert carry.load_builder("generator")() == "saved again here"


def test_the_missing_message_names_the_lesson_folder_of_the_learners_edition(tmp_path,
                                                                             monkeypatch):
    monkeypatch.delenv(carry.FOLDER_ENV, raising=False)
    here = tmp_path / "lessons-ko" / "06-svhn-training-ko"
    here.mkdir(parents=True)
    monkeypatch.chdir(here)
    with pytest.raises(carry.BuilderNotSaved) as raised:
        carry.load_builder("discriminator")
    assert "05-discriminator-ko" in str(raised.value)
    assert str(tmp_path / "lessons-ko" / "my_dcgan" / "discriminator.py") in str(raised.value)
