"""Named rule violations. They know no HTTP: api/problems.py maps each class to its answer."""

from __future__ import annotations


class DomainError(Exception):
    """A command broke a rule of the domain. `field` names the input at fault, when one is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidIdentifierError(DomainError):
    pass


class InvalidInputError(DomainError):
    pass


class UnknownCatalogueCodeError(DomainError):
    pass


class NoPolicyInForceError(DomainError):
    pass


class NotFoundError(DomainError):
    pass


class ConflictError(DomainError):
    pass


class AlreadyRegisteredError(ConflictError):
    pass


class RecordConflictError(ConflictError):
    pass


class RecordRevokedError(ConflictError):
    pass


class NotPermittedError(DomainError):
    pass


class UnknownRecordError(NotFoundError):
    pass


class UnknownSubjectError(NotFoundError):
    pass


class AlreadyRevokedError(ConflictError):
    pass


class UnknownPolicyVersionError(NoPolicyInForceError):
    """A decision names a policy version that is not loaded."""
