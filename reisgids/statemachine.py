"""One state machine per aggregate: its transitions are declared once, as data, next to the model,
and everything else derives from the declaration: the services apply a transition by name, the
views offer the transitions available in the current state as buttons, and the audit actions (the
labels in /beheer/'s history) are registered from it. See docs/architecture.md for an example."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reisgids import audit


@dataclass(frozen=True)
class Transition:
    name: str  # stable English id, used by the services
    sources: tuple  # the states it may start from
    target: str  # the state it ends in
    action: str  # the audit action id (reisgids.audit)
    audit_label: str  # the action's label in /beheer/'s history
    audit_message: str  # what the history says happened
    label: str = ""  # the button (and page heading) that offers it, when people choose it
    slug: str = ""  # the word in its public URL, when it has a page
    refused: str = ""  # the message when the state does not allow it (else the machine's)


REFUSED = _("“%(current)s” cannot move to “%(next)s”.")


class StateMachine:
    """The transitions of one status field. ``refused`` is the message when a transition does not
    start from the current state; it may use ``%(current)s`` and ``%(next)s`` (the states' labels)."""

    def __init__(self, *, model, field, transitions, refused=REFUSED):
        self.model, self.field, self.refused = model, field, refused
        self.transitions = tuple(transitions)
        self._by_name = {transition.name: transition for transition in self.transitions}
        self._by_slug = {transition.slug: transition for transition in self.transitions if transition.slug}
        if len(self._by_name) != len(self.transitions):
            raise ValueError("Two transitions with the same name")
        audit.register_actions({t.action: (t.audit_label, t.audit_message) for t in self.transitions})

    def __getitem__(self, name):
        return self._by_name[name]

    def by_slug(self, slug):
        """The transition whose page is at ``slug``, or None."""
        return self._by_slug.get(slug)

    def available(self, state, *, offered=False):
        """The transitions that start from ``state``, in declaration order; ``offered``: only
        those people choose with a button."""
        return [t for t in self.transitions if state in t.sources and (t.label or not offered)]

    def _label(self, state):
        return dict(self.model._meta.get_field(self.field).flatchoices).get(state, state)

    def check(self, instance, name):
        """Raise ValidationError unless ``instance`` is in a state that ``name`` starts from."""
        transition = self[name]
        current = getattr(instance, self.field)
        if current not in transition.sources:
            raise ValidationError(
                (transition.refused or self.refused)
                % {"current": self._label(current), "next": self._label(transition.target)}
            )
        return transition

    def apply(self, instance, name, *, actor, lock, guard=None, prepare=None, record=None, after=None):
        """Apply the transition ``name`` to ``instance`` in the caller's transaction, in this order:
        ``lock(instance)`` (re-reads it with a row lock, or returns it when the caller locked it),
        ``guard(locked, actor)`` (raises PermissionDenied), the source state, ``prepare(locked)``
        (checks the input that comes with the transition, sets those fields, returns their names),
        the save of the new state with ``update_fields``, ``record(locked, transition, actor)`` (the
        audit row; by default ``reisgids.audit.record``) and ``after(locked, transition, actor)``
        (notifications). Returns the locked, saved instance."""
        locked = lock(instance)
        if guard is not None:
            guard(locked, actor)
        transition = self.check(locked, name)
        fields = list(prepare(locked) or ()) if prepare is not None else []
        setattr(locked, self.field, transition.target)
        auto_now = [f.name for f in locked._meta.concrete_fields if getattr(f, "auto_now", False)]
        locked.save(update_fields=[self.field, *fields, *auto_now])
        if record is None:
            audit.record(locked, transition.action, actor=actor)
        else:
            record(locked, transition, actor)
        if after is not None:
            after(locked, transition, actor)
        return locked
