"""Every table of the service on one `metadata`: the shared ones and each capability's."""

from adapters.audit import tables as audit_tables
from adapters.core import guard_tables
from adapters.core.tables import metadata
from adapters.files import tables as files_tables
from adapters.grading import tables as grading_tables
from adapters.joint import tables as joint_tables
from adapters.operations import tables as operations_tables
from adapters.sharing import tables as sharing_tables
from adapters.subject_rights import tables as subject_rights_tables

CAPABILITY_TABLES = (
    audit_tables,
    files_tables,
    grading_tables,
    joint_tables,
    operations_tables,
    sharing_tables,
    subject_rights_tables,
    guard_tables,
)

__all__ = ["CAPABILITY_TABLES", "metadata"]
