"""The review app's models: what it records (`records`), and the workflow
task that records approvals (`task`), which builds on the rules and so on
`records`: imported in that order."""

from .records import Approval, ClinicalReviewSettings
from .task import ClinicalReviewTask

__all__ = ["Approval", "ClinicalReviewSettings", "ClinicalReviewTask"]
