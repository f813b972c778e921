"""The staff groups, by name: data migrations create them (pages 0003,
admissions 0002), and code that treats a group's members differently names
them from here."""

MEDICAL_DIRECTOR_GROUP = "Medical Director"
# The groups whose members are clinicians: a clinician profile links only
# their accounts, and only they (and administrators) change a profile's name,
# credentials or role.
CLINICAL_GROUPS = (MEDICAL_DIRECTOR_GROUP,)
