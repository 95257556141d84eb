"""Clinical records: practice profile, clients, diagnoses, versioned treatment plans, sessions,
progress and psychotherapy notes, goal progress, measures and milestones.

Timestamps are ISO 8601 UTC text (``UTCDateTime`` in the models); enums are their string values.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_number", sa.String(length=40), nullable=False),
        sa.Column("legal_given_name", sa.String(length=100), nullable=False),
        sa.Column("legal_family_name", sa.String(length=100), nullable=False),
        sa.Column("preferred_name", sa.String(length=100), nullable=False),
        sa.Column("pronouns", sa.String(length=40), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("emergency_contact_name", sa.String(length=200), nullable=False),
        sa.Column("emergency_contact_relationship", sa.String(length=100), nullable=False),
        sa.Column("emergency_contact_phone", sa.String(length=50), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "inactive",
                "discharged",
                name="clientstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("intake_date", sa.Date(), nullable=True),
        sa.Column("discharge_date", sa.Date(), nullable=True),
        sa.Column("referral_source", sa.String(length=200), nullable=False),
        sa.Column("presenting_concerns", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
        sa.UniqueConstraint("record_number", name=op.f("uq_client_record_number")),
    )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_client_status"), ["status"], unique=False)

    op.create_table(
        "custom_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("min_value", sa.Float(), nullable=True),
        sa.Column("max_value", sa.Float(), nullable=True),
        sa.Column(
            "better",
            sa.Enum("decrease", "increase", name="direction", native_enum=False, length=32),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_measure")),
        sa.UniqueConstraint("name", name=op.f("uq_custom_measure_name")),
    )
    op.create_table(
        "practice_profile",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("practice_name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("clinician_name", sa.String(length=200), nullable=False),
        sa.Column("credentials", sa.String(length=200), nullable=False),
        sa.Column("license_number", sa.String(length=100), nullable=False),
        sa.Column("npi", sa.String(length=10), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_practice_profile_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_profile")),
    )
    op.create_table(
        "diagnosis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("icd10_code", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("diagnosed_on", sa.Date(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_diagnosis_client_id_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnosis")),
    )
    with op.batch_alter_table("diagnosis", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_diagnosis_client_id"), ["client_id"], unique=False)

    op.create_table(
        "treatment_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "active",
                "under_review",
                "completed",
                "superseded",
                name="planstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("review_interval_days", sa.Integer(), nullable=False),
        sa.Column("next_review_date", sa.Date(), nullable=True),
        sa.Column("last_reviewed_on", sa.Date(), nullable=True),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("barriers", sa.Text(), nullable=False),
        sa.Column("modality", sa.String(length=200), nullable=False),
        sa.Column("frequency", sa.String(length=200), nullable=False),
        sa.Column("participants", sa.String(length=300), nullable=False),
        sa.Column("discharge_criteria", sa.Text(), nullable=False),
        sa.Column("clinician_signed_on", sa.Date(), nullable=True),
        sa.Column("client_signed_on", sa.Date(), nullable=True),
        sa.Column("supervisor_name", sa.String(length=200), nullable=False),
        sa.Column("supervisor_signed_on", sa.Date(), nullable=True),
        sa.Column("signed_at", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "review_interval_days BETWEEN 1 AND 365", name=op.f("ck_treatment_plan_review_interval")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_treatment_plan_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["treatment_plan.id"],
            name=op.f("fk_treatment_plan_supersedes_id_treatment_plan"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment_plan")),
        sa.UniqueConstraint("client_id", "version", name=op.f("uq_treatment_plan_client_id")),
    )
    with op.batch_alter_table("treatment_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_treatment_plan_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_treatment_plan_next_review_date"), ["next_review_date"], unique=False
        )

    op.create_table(
        "encounter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "session_type",
            sa.Enum(
                "intake",
                "individual",
                "couple",
                "family",
                "group",
                name="sessiontype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "attendance",
            sa.Enum(
                "attended",
                "cancelled",
                "late_cancelled",
                "no_show",
                name="attendance",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "delivery",
            sa.Enum("in_person", "video", "phone", name="delivery", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("cpt_code", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "duration_minutes BETWEEN 1 AND 600", name=op.f("ck_encounter_duration_range")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_encounter_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["treatment_plan.id"], name=op.f("fk_encounter_plan_id_treatment_plan")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_encounter")),
    )
    with op.batch_alter_table("encounter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_encounter_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_encounter_session_date"), ["session_date"], unique=False
        )

    op.create_table(
        "problem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("statement", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["treatment_plan.id"], name=op.f("fk_problem_plan_id_treatment_plan")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem")),
    )
    with op.batch_alter_table("problem", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_problem_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("client_words", sa.Text(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "symptom",
                "behavioral",
                "emotional_regulation",
                "relationship",
                "personal_growth",
                name="goalcategory",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "horizon",
            sa.Enum("short_term", "long_term", name="goalhorizon", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum("process", "outcome", name="goalkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("measure_name", sa.String(length=200), nullable=False),
        sa.Column("measure_unit", sa.String(length=100), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column(
            "direction",
            sa.Enum("decrease", "increase", name="direction", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "on_hold",
                "achieved",
                "revised",
                "discontinued",
                name="goalstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("gas_much_less", sa.Text(), nullable=False),
        sa.Column("gas_less", sa.Text(), nullable=False),
        sa.Column("gas_expected", sa.Text(), nullable=False),
        sa.Column("gas_more", sa.Text(), nullable=False),
        sa.Column("gas_much_more", sa.Text(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("priority BETWEEN 1 AND 5", name=op.f("ck_goal_priority_range")),
        sa.CheckConstraint("weight > 0", name=op.f("ck_goal_weight_positive")),
        sa.ForeignKeyConstraint(
            ["problem_id"], ["problem.id"], name=op.f("fk_goal_problem_id_problem")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_problem_id"), ["problem_id"], unique=False)

    op.create_table(
        "measure_administration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=True),
        sa.Column(
            "instrument",
            sa.Enum("phq9", "gad7", "custom", name="instrument", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("custom_measure_id", sa.Integer(), nullable=True),
        sa.Column("administered_on", sa.Date(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("band", sa.String(length=40), nullable=False),
        sa.Column("item9_flag", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_measure_administration_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["custom_measure_id"],
            ["custom_measure.id"],
            name=op.f("fk_measure_administration_custom_measure_id_custom_measure"),
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounter.id"],
            name=op.f("fk_measure_administration_encounter_id_encounter"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_administration")),
    )
    with op.batch_alter_table("measure_administration", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measure_administration_administered_on"),
            ["administered_on"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_measure_administration_client_id"), ["client_id"], unique=False
        )

    op.create_table(
        "problem_diagnosis",
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("diagnosis_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["diagnosis_id"],
            ["diagnosis.id"],
            name=op.f("fk_problem_diagnosis_diagnosis_id_diagnosis"),
        ),
        sa.ForeignKeyConstraint(
            ["problem_id"], ["problem.id"], name=op.f("fk_problem_diagnosis_problem_id_problem")
        ),
        sa.PrimaryKeyConstraint("problem_id", "diagnosis_id", name=op.f("pk_problem_diagnosis")),
    )
    op.create_table(
        "progress_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column(
            "format",
            sa.Enum("soap", "dap", "birp", "free", name="noteformat", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column(
            "risk_level",
            sa.Enum(
                "none", "low", "moderate", "high", name="risklevel", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("safety_note", sa.Text(), nullable=False),
        sa.Column("homework", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.String(length=32), nullable=True),
        sa.Column("signed_by", sa.String(length=200), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounter.id"], name=op.f("fk_progress_note_encounter_id_encounter")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_note")),
        sa.UniqueConstraint("encounter_id", name=op.f("uq_progress_note_encounter_id")),
    )
    op.create_table(
        "psychotherapy_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["encounter_id"],
            ["encounter.id"],
            name=op.f("fk_psychotherapy_note_encounter_id_encounter"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_psychotherapy_note")),
        sa.UniqueConstraint("encounter_id", name=op.f("uq_psychotherapy_note_encounter_id")),
    )
    op.create_table(
        "addendum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"], ["progress_note.id"], name=op.f("fk_addendum_note_id_progress_note")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_addendum")),
    )
    with op.batch_alter_table("addendum", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_addendum_note_id"), ["note_id"], unique=False)

    op.create_table(
        "goal_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column(
            "rating",
            sa.Enum(
                "worsening",
                "no_change",
                "improving",
                "achieved",
                name="progressrating",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("gas_score", sa.Integer(), nullable=True),
        sa.Column("observed_value", sa.Float(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.CheckConstraint("gas_score BETWEEN -2 AND 2", name=op.f("ck_goal_progress_gas_range")),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_goal_progress_goal_id_goal")
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["progress_note.id"], name=op.f("fk_goal_progress_note_id_progress_note")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_progress")),
        sa.UniqueConstraint("note_id", "goal_id", name=op.f("uq_goal_progress_note_id")),
    )
    with op.batch_alter_table("goal_progress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_progress_goal_id"), ["goal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_goal_progress_note_id"), ["note_id"], unique=False)

    op.create_table(
        "goal_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_goal_revision_goal_id_goal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_revision")),
    )
    with op.batch_alter_table("goal_revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_revision_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "intervention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("modality", sa.String(length=200), nullable=False),
        sa.Column("frequency", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_intervention_goal_id_goal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intervention")),
    )
    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intervention_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("achieved_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_milestone_client_id_client")
        ),
        sa.ForeignKeyConstraint(["goal_id"], ["goal.id"], name=op.f("fk_milestone_goal_id_goal")),
        sa.ForeignKeyConstraint(
            ["note_id"], ["progress_note.id"], name=op.f("fk_milestone_note_id_progress_note")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone")),
    )
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestone_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestone_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "on_hold",
                "achieved",
                "revised",
                "discontinued",
                name="goalstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["goal_id"], ["goal.id"], name=op.f("fk_objective_goal_id_goal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
    )
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objective_goal_id"), ["goal_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_goal_id"))

    op.drop_table("objective")
    with op.batch_alter_table("milestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_goal_id"))
        batch_op.drop_index(batch_op.f("ix_milestone_client_id"))

    op.drop_table("milestone")
    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intervention_goal_id"))

    op.drop_table("intervention")
    with op.batch_alter_table("goal_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_revision_goal_id"))

    op.drop_table("goal_revision")
    with op.batch_alter_table("goal_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_progress_note_id"))
        batch_op.drop_index(batch_op.f("ix_goal_progress_goal_id"))

    op.drop_table("goal_progress")
    with op.batch_alter_table("addendum", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_addendum_note_id"))

    op.drop_table("addendum")
    op.drop_table("psychotherapy_note")
    op.drop_table("progress_note")
    op.drop_table("problem_diagnosis")
    with op.batch_alter_table("measure_administration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_administration_client_id"))
        batch_op.drop_index(batch_op.f("ix_measure_administration_administered_on"))

    op.drop_table("measure_administration")
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_problem_id"))

    op.drop_table("goal")
    with op.batch_alter_table("problem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_problem_plan_id"))

    op.drop_table("problem")
    with op.batch_alter_table("encounter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_encounter_session_date"))
        batch_op.drop_index(batch_op.f("ix_encounter_client_id"))

    op.drop_table("encounter")
    with op.batch_alter_table("treatment_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_treatment_plan_next_review_date"))
        batch_op.drop_index(batch_op.f("ix_treatment_plan_client_id"))

    op.drop_table("treatment_plan")
    with op.batch_alter_table("diagnosis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diagnosis_client_id"))

    op.drop_table("diagnosis")
    op.drop_table("practice_profile")
    op.drop_table("custom_measure")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_status"))

    op.drop_table("client")
