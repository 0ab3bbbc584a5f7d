"""Setting up a Kreis: create it, attach and detach its Kommunen, make planners Kreis planners
and revoke that.

Detaching a Kommune or revoking a planner changes what is seen from now on; a saved Kreis index
version keeps the table and parameters it was saved with
(:mod:`app.services.kreis_versions`), so it still reads and downloads as it was saved, the
detached Kommune's rows included."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Kommune, Kreis, User
from app.services.accounts import find_user


class KreisError(ValueError):
    """A request about a Kreis that cannot be carried out; the message says what to do."""


def find_kreis(name: str) -> Kreis:
    """The Kreis with this name, or a KreisError that names the known ones."""
    kreis = db.session.scalar(select(Kreis).where(Kreis.name == name.strip()))
    if kreis is None:
        known = ", ".join(db.session.scalars(select(Kreis.name).order_by(Kreis.name)))
        raise KreisError(
            _("There is no Kreis called '%(name)s' (known: %(known)s). Create it with "
              "'flask kreis create'.", name=name, known=known or "–")
        )  # fmt: skip
    return kreis


def create_kreis(name: str) -> Kreis:
    """A new Kreis; a name already taken is refused.

    With a database session (see the tests)::

        create_kreis("Kreis Mettmann").name
        # 'Kreis Mettmann'
    """
    name = name.strip()[:200]
    if not name:
        raise KreisError(_("Please give the Kreis a name."))
    if db.session.scalar(select(Kreis.id).where(Kreis.name == name)) is not None:
        raise KreisError(_("There is already a Kreis called '%(name)s'.", name=name))
    with write_transaction():
        kreis = Kreis(name=name)
        db.session.add(kreis)
    return kreis


def attach(kreis: Kreis, names: Sequence[str]) -> list[Kommune]:
    """Make the Kommunen called ``names`` part of ``kreis``; all or none.

    A Kommune belongs to one Kreis at most: one already in another Kreis is refused.
    """
    kommunen = []
    for name in _names(names):
        kommune = _kommune(name)
        if kommune.kreis_id not in (None, kreis.id):
            raise KreisError(_("%(kommune)s belongs to %(kreis)s already.", kommune=name,
                               kreis=kommune.kreis.name))  # fmt: skip
        kommunen.append(kommune)
    with write_transaction():
        for kommune in kommunen:
            kommune.kreis = kreis
    return kommunen


def detach(kreis: Kreis, names: Sequence[str]) -> list[Kommune]:
    """Take the Kommunen called ``names`` out of ``kreis``; all or none.

    With a database session (see the tests)::

        [k.name for k in detach(kreis, ["Hilden"])]
        # ['Hilden']
    """
    kommunen = []
    for name in _names(names):
        kommune = _kommune(name)
        if kommune.kreis_id != kreis.id:
            raise KreisError(_("%(kommune)s is not part of %(kreis)s.", kommune=name,
                               kreis=kreis.name))  # fmt: skip
        kommunen.append(kommune)
    with write_transaction():
        for kommune in kommunen:
            kommune.kreis = None
    return kommunen


def _names(names: Sequence[str]) -> Sequence[str]:
    if not names:
        raise KreisError(_("Please choose at least one Kommune."))
    return names


def _kommune(name: str) -> Kommune:
    kommune = db.session.scalar(select(Kommune).where(Kommune.name == name))
    if kommune is None:
        raise KreisError(_("There is no Kommune called '%(name)s'.", name=name))
    return kommune


def grant(kreis: Kreis, email: str) -> User:
    """Make the planner ``email`` a planner of the whole Kreis (every Kommune, the Kreis pages)."""
    user = find_user(email)
    if user is None:
        raise KreisError(_("There is no account %(email)s.", email=email))
    if user.role not in ("planner", "admin"):
        raise KreisError(_("Only planners can plan for a Kreis; %(email)s is a %(role)s.",
                           email=email, role=user.role))  # fmt: skip
    with write_transaction():
        if kreis not in user.kreise:
            user.kreise.append(kreis)
    return user


def revoke(kreis: Kreis, email: str) -> User:
    """``email`` plans for ``kreis`` no more (their own Kommunen stay theirs).

    With a database session (see the tests)::

        revoke(kreis, "plan@haan.example").kreise
        # []
    """
    user = find_user(email)
    if user is None or kreis not in user.kreise:
        raise KreisError(_("%(email)s is not a planner of %(kreis)s.", email=email,
                           kreis=kreis.name))  # fmt: skip
    with write_transaction():
        user.kreise.remove(kreis)
    return user


def kreis_planners(kreis: Kreis) -> list[User]:
    """The accounts that plan for ``kreis``, by e-mail address (those an admin can revoke)."""
    return list(db.session.scalars(
        select(User).where(User.kreise.contains(kreis)).order_by(User.email)
    ))  # fmt: skip


def free_kommunen() -> list[Kommune]:
    """The Kommunen in no Kreis yet, by name (those an admin can attach)."""
    return list(db.session.scalars(
        select(Kommune).where(Kommune.kreis_id.is_(None)).order_by(Kommune.name)
    ))  # fmt: skip
