"""The confirmation before raw answers are deleted."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired


class ConfirmForm(FlaskForm):
    confirm = BooleanField(_l("Yes, I am sure."), validators=[DataRequired()])
