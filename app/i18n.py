"""Language choice: ``?lang=``, then the remembered choice, then the browser's Accept-Language."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask.wrappers import Response

LANG_COOKIE = "qk_lang"
#: Names of the languages in themselves, for the language switch.
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}
#: Right-to-left languages get ``dir="rtl"`` on the page.
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}


def supported() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """Pick the language of this request (used by Flask-Babel)."""
    languages = supported()
    if not has_request_context():  # CLI commands and scripts: the default language
        return languages[0]
    asked = request.args.get("lang", "")
    if asked in languages:
        return asked
    remembered = request.cookies.get(LANG_COOKIE, "")
    if remembered in languages:
        return remembered
    return request.accept_languages.best_match(languages) or languages[0]


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def localized(texts: dict[str, object] | None, lang: str | None = None) -> object:
    """Pick a per-language text from instrument data, falling back to the default language."""
    if not texts:
        return ""
    lang = lang or current_locale()
    default = current_app.config["LANGUAGES"][0]
    for candidate in (lang, default, "en"):
        if texts.get(candidate):
            return texts[candidate]
    return next(iter(texts.values()))


def current_locale() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return str(locale.language) if locale else current_app.config["LANGUAGES"][0]


def _remember_choice(response: Response) -> Response:
    asked = request.args.get("lang", "")
    if asked in supported() and request.cookies.get(LANG_COOKIE) != asked:
        # A language preference, not an identifier: same value for everyone who chose it.
        response.set_cookie(LANG_COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_remember_choice)

    @app.context_processor
    def _language_context() -> dict[str, object]:
        lang = current_locale()
        return {
            "lang": lang,
            "text_dir": text_direction(lang),
            "language_names": {code: LANGUAGE_NAMES.get(code, code) for code in supported()},
            "localized": localized,
        }
