"""copier.yml is generated from cookiecutter.json and asks the same questions."""

from __future__ import annotations

import json

import pytest
import yaml

import gen_copier
from rendering import TEMPLATE, cookiecutter_context, question_names


def copier_config() -> dict:
    return yaml.safe_load((TEMPLATE / "copier.yml").read_text(encoding="utf-8"))


def test_committed_copier_yml_is_the_generators_output():
    generated = gen_copier.render(cookiecutter_context(), gen_copier.load_hook())

    committed = (TEMPLATE / "copier.yml").read_text(encoding="utf-8")
    assert committed == generated, "copier.yml is stale: run `make copier-yml`"


def test_copier_settings_follow_the_dual_renderer_recipe():
    config = copier_config()

    assert config["_subdirectory"] == "{% raw %}{{cookiecutter.project_slug}}{% endraw %}"
    assert config["_templates_suffix"] == ""
    assert config["_answers_file"] == ".copier-answers.yml"
    assert config["_envops"] == {"undefined": "jinja2.StrictUndefined", "keep_trailing_newline": True}
    assert "_tasks" not in config, "tasks would need --trust and re-run on updates"
    assert "_jinja_extensions" not in config, "extensions would need --trust"


def test_copier_asks_the_cookiecutter_questions_in_order():
    config = copier_config()
    asked = [name for name in config if not name.startswith("_") and name != "cookiecutter"]

    assert asked == question_names()


def test_choices_keep_the_cookiecutter_values_and_take_labels_from_prompts():
    context, config = cookiecutter_context(), copier_config()
    for name, value in context.items():
        if not isinstance(value, list):
            continue
        labels = context["__prompts__"][name]
        assert config[name]["choices"] == {labels[choice]: choice for choice in value}
        assert config[name]["default"] == value[0]
        assert config[name]["help"] == labels["__prompt__"]


def test_free_form_defaults_match_without_the_cookiecutter_prefix():
    context, config = cookiecutter_context(), copier_config()
    for name in question_names():
        if isinstance(context[name], str):
            assert config[name]["default"] == context[name].replace("cookiecutter.", "")


def test_the_cookiecutter_namespace_is_computed_from_every_answer():
    namespace = copier_config()["cookiecutter"]

    assert namespace["when"] is False
    assert namespace["type"] == "yaml"
    expected = "{{ {" + ", ".join(f"'{name}': {name}" for name in question_names()) + "} | to_json }}"
    assert namespace["default"] == expected


def test_the_generator_refuses_what_it_cannot_translate():
    context = {**cookiecutter_context(), "__secret": "{{ cookiecutter.project_slug }}"}
    with pytest.raises(SystemExit, match="__secret"):
        gen_copier.render(context, gen_copier.load_hook())


def test_prompts_exist_for_every_question_and_choice():
    context = cookiecutter_context()
    prompts = context["__prompts__"]
    for name in question_names():
        assert name in prompts, f"{name} has no prompt in __prompts__"
        if isinstance(context[name], list):
            assert set(prompts[name]) == {"__prompt__", *context[name]}, json.dumps(prompts[name])


def test_a_new_choice_value_is_one_line_in_cookiecutter_json():
    context = cookiecutter_context()
    context["framework"] = [*context["framework"], "django"]

    config = yaml.safe_load(gen_copier.render(context, gen_copier.load_hook()))
    assert list(config["framework"]["choices"].values()) == context["framework"]
    assert config["framework"]["default"] == context["framework"][0]
