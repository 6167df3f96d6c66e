from django.template import Context, Template
from django.utils import translation


def render(text):
    return Template("{% load ipc %}" + text).render(Context())


def test_punctuation_follows_the_language():
    with translation.override("zh-hans"):
        assert render("a{% colon %}b{% list_sep %}c{% lparen %}d{% rparen %}") == "a：b、c（d）"
    with translation.override("en"):
        assert render("a{% colon %}b{% list_sep %}c{% lparen %}d{% rparen %}") == "a: b, c (d)"
