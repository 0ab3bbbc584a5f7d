"""The survey set-up form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CampaignForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    round_label = StringField(
        _l("Round (e.g. the year)"), validators=[DataRequired(), Length(max=40)]
    )
    instrument_id = SelectField(_l("Instrument"), coerce=int, validators=[InputRequired()])
    area_ids = MultiCheckboxField(_l("Quartiere"), coerce=int)
    opens_on = DateField(_l("Opens on"), validators=[Optional()])
    closes_on = DateField(_l("Closes on"), validators=[Optional()])
    min_group_size = IntegerField(
        _l("Smallest group shown (k)"),
        default=5,
        validators=[InputRequired(), NumberRange(min=2, max=100)],
    )
    public_results = BooleanField(_l("Publish aggregated results"))
    privacy_body = StringField(
        _l("Responsible for the data (named in the privacy notice)"),
        validators=[Optional(), Length(max=200)],
    )
    privacy_url = StringField(
        _l("Address of the privacy statement"), validators=[Optional(), Length(max=500)]
    )
    role_choices = MultiCheckboxField(
        _l("Who answers"),
        choices=[
            SelectChoice("resident", _l("Residents")),
            SelectChoice("expert", _l("Professionals")),
            SelectChoice("group", _l("Moderated groups")),
        ],
        default=["resident", "expert", "group"],
        validators=[DataRequired(message=_l("Please choose at least one group of participants."))],
    )
