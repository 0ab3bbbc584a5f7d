"""Plain functions the features and the CLI share: write operations, read models for pages, and the
bridges to ``analysis``. No request objects; errors carry a sentence for the user.

Answers: ``submissions`` (the one place answers are stored), ``answer_checks``, ``answer_forms``,
``paper``, ``questionnaire``, ``handover``, ``bursts``. Surveys: ``campaigns``, ``instruments``,
``posters``, ``uploads``. Data: ``areas``, ``indicators``, ``queries`` (DataFrames for
``analysis``), ``index_settings``, ``index_versions``, ``maps``. Results: ``aggregates``,
``compass``, ``results``, ``live``, ``roundtable``, ``exports``, ``texts``. Accounts and the demo:
``accounts``, ``demo``, ``labels``.
"""
