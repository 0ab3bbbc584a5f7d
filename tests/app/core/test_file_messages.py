"""The readers' counted messages in German: the app passes its catalogue's plural forms."""

from analysis.readers.codes import SUMMARY
from analysis.readers.errors import InputFileError, Message
from app.core.file_messages import file_error, plural_text, problem_texts


def test_counted_reader_messages_speak_german_in_singular_and_plural(app):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        one, many = (
            Message.counted(SUMMARY["exact"], {"k": k, "n": n}, count="n")
            for k, n in ((1, 1), (1200, 1500))
        )
        assert problem_texts([one, many]) == [
            "1 von 1 Schlüssel passt unverändert zu Gebieten dieser Kommune.",
            "1.200 von 1.500 Schlüsseln passen unverändert zu Gebieten dieser Kommune.",
        ]
        error = InputFileError("upload/x.csv", "the file is empty.", more=1)
        assert file_error(error, "werte.csv").endswith("(und 1 weiteres Problem)")
        assert plural_text("%(count)s more problem", "%(count)s more problems", 2) == (
            "%(count)s more problems"  # a msgid the catalogue lacks stays English
        )
