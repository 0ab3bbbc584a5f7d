"""Comments grouped: identical and near-identical ones once, with their count."""

from __future__ import annotations

from analysis.stats.comments import comment_key, group_comments


def test_six_times_the_same_sentence_is_one_line_with_six():
    texts = ["Wir werden nie gefragt."] * 4 + ["wir werden NIE gefragt", "Wir werden nie gefragt!!"]
    texts += ["Der Park ist schön."]
    assert group_comments(texts) == [("Wir werden nie gefragt.", 6), ("Der Park ist schön.", 1)]


def test_different_words_stay_apart_and_order_is_by_count_then_arrival():
    texts = ["Zu laut", "Mehr Bänke", "Zu wenig Bänke", "Mehr Bänke"]
    assert group_comments(texts) == [("Mehr Bänke", 2), ("Zu laut", 1), ("Zu wenig Bänke", 1)]


def test_keys_ignore_case_spacing_punctuation_and_unicode_forms():
    assert comment_key("Straße  ist  KAPUTT…") == comment_key("straße ist kaputt")
    assert comment_key("ﬁne") == comment_key("fine")  # NFKC ligature
    assert comment_key("Ärger") != comment_key("Arger")  # umlauts are letters, not noise


def test_empty_input_and_punctuation_only_comments():
    assert group_comments([]) == []
    assert group_comments(["!!!", "???", "!!!"]) == [("!!!", 2), ("???", 1)]
