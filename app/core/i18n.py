"""Language choice: ``?lang=``, then the remembered choice, then the browser's Accept-Language.

Resident pages (blueprints in ``RESIDENT_BLUEPRINTS``, and pages no route matched, such as a
404) offer ``RESIDENT_LANGUAGES``: German in plain language, English, Turkish, Arabic and
Ukrainian; so does the printed questionnaire (``paper``: WeasyPrint shapes Arabic and sets it
right to left). Staff pages (login, planner, moderator, paper entry, hand-over, and any blueprint
not listed) offer ``LANGUAGES``, German and English only, as does the CLI.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, current_app, has_request_context, request
from flask.wrappers import Response
from flask_babel import get_locale

LANG_COOKIE = "qk_lang"
#: Names of the languages in themselves, for the language switch.
LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "uk": "Українська",
}
#: Right-to-left languages get ``dir="rtl"`` on the page.
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
#: Blueprints residents see; ``None`` is a page no route matched (the public 404).
RESIDENT_BLUEPRINTS = {None, "main", "survey", "api", "results", "offline", "paper",
                      "public_measures"}  # fmt: skip


def supported() -> list[str]:
    """Languages of this page: all resident languages on public pages, staff ones elsewhere."""
    config = current_app.config
    if not has_request_context():
        return list(config["LANGUAGES"])
    blueprint = request.blueprint
    if blueprint in RESIDENT_BLUEPRINTS:
        return list(config["RESIDENT_LANGUAGES"])
    return list(config["LANGUAGES"])


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
    """The language code of this request (or of the CLI: the staff default)."""
    locale = get_locale()
    return str(locale.language) if locale else current_app.config["LANGUAGES"][0]


def _remember_choice(response: Response) -> Response:
    asked = request.args.get("lang", "")
    if asked in supported() and request.cookies.get(LANG_COOKIE) != asked:
        # A language preference, not an identifier: same value for everyone who chose it.
        response.set_cookie(
            LANG_COOKIE,
            asked,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            httponly=True,
        )
    return response


def language_url(code: str) -> str:
    """This page's address in another language, keeping the rest of its query (?q=, ?compare=)."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return "?" + urlencode([*args, ("lang", code)])


def page_direction() -> str:
    """``ltr`` or ``rtl`` for this request; a Jinja global, so imported macros see it too."""
    return text_direction(current_locale())


def init_app(app: Flask) -> None:
    app.after_request(_remember_choice)
    app.jinja_env.globals["page_direction"] = page_direction
    app.jinja_env.globals["language_url"] = language_url

    @app.context_processor
    def _language_context() -> dict[str, object]:
        lang = current_locale()
        return {
            "lang": lang,
            "text_dir": text_direction(lang),
            "language_names": {code: LANGUAGE_NAMES.get(code, code) for code in supported()},
            "localized": localized,
        }
