"""A believable, clearly fictional practice to explore the program with, and to test it at scale.

Everything here is invented: names come from short lists of common names, record numbers read
``DEMO-00001``, emails use ``example.com`` and phones the fictional 555-01xx range, and the
practice calls itself "Demo Practice — fictional data". The clinical content is realistic on
purpose (real ICD-10-CM codes, SMART goals with Goal Attainment Scaling levels, SOAP/DAP/BIRP
notes, PHQ-9 and GAD-7 answer sets scored by ``domain.measures``) so that charts, reviews and
reports show what they would in a real practice: progress that plateaus and slips back, overdue
reviews, unsigned notes, a flagged item 9 now and then.

Generation is deterministic for a seed and a ``today``. It is fast because rows are plain dicts
inserted with Core ``executemany`` in batches, with primary keys assigned here (after the
current maximum) so children can name their parents without a flush.
"""

from __future__ import annotations

import contextlib
import math
import random
import time as clock
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from practice_planner.domain.enums import (
    Attendance,
    ClientStatus,
    Delivery,
    Direction,
    GoalCategory,
    GoalHorizon,
    GoalKind,
    GoalStatus,
    Instrument,
    NoteFormat,
    PlanStatus,
    ProgressRating,
    RiskLevel,
    SessionType,
)
from practice_planner.domain.measures import score
from practice_planner.errors import ValidationError
from practice_planner.storage import audit
from practice_planner.storage.models import (
    Addendum,
    Base,
    Client,
    Diagnosis,
    Encounter,
    Goal,
    GoalProgress,
    GoalRevision,
    Intervention,
    MeasureAdministration,
    Milestone,
    Objective,
    PracticeProfile,
    Problem,
    ProgressNote,
    PsychotherapyNote,
    TreatmentPlan,
    problem_diagnosis,
)
from practice_planner.storage.vault import Vault

RECORD_PREFIX = "DEMO-"
CLINICIAN = "Dr. Demo Clinician"
PRACTICE_NAME = "Demo Practice — fictional data"
BATCH_CLIENTS = 200
MAX_CLIENTS = 100_000

ProgressCallback = Callable[[int, int], None]
"""Called with (clients made, clients asked for) after each batch."""


@dataclass(frozen=True)
class DemoSummary:
    """What ``make_demo`` added, for the command line and the progress dialog to report."""

    clients: int
    plans: int
    goals: int
    encounters: int
    notes: int
    measures: int
    milestones: int
    rows: int
    seconds: float


# ============================================================================== the catalogue
@dataclass(frozen=True)
class GoalTemplate:
    """A measurable goal as a clinician would write it, with GAS levels fixed in advance.

    ``cuts`` place an observed value on the GAS scale: for a goal that should decrease, a value
    above cuts[0] scores -2, above cuts[1] -1, above cuts[2] 0, above cuts[3] +1, else +2 (the
    mirror image for increase). The ``gas`` texts describe exactly those ranges.
    """

    key: str
    category: GoalCategory
    statement: str
    client_words: str
    measure: str
    unit: str
    baseline: float
    target: float
    step: float
    highest: float
    cuts: tuple[float, float, float, float]
    gas: tuple[str, str, str, str, str]
    value_text: str
    report: str
    focus: str
    objectives: tuple[str, ...]
    interventions: tuple[tuple[str, str, str], ...]
    homework: tuple[str, ...]
    milestones: tuple[str, ...]
    kind: GoalKind = GoalKind.OUTCOME
    horizon: GoalHorizon = GoalHorizon.LONG_TERM
    cumulative: bool = False

    @property
    def direction(self) -> Direction:
        return Direction.DECREASE if self.target < self.baseline else Direction.INCREASE

    def gas_score(self, value: float) -> int:
        for level, cut in zip((-2, -1, 0, 1), self.cuts, strict=True):
            if (value > cut) if self.direction is Direction.DECREASE else (value < cut):
                return level
        return 2


SYMPTOM, BEHAVIORAL, EMOTION, RELATIONSHIP, GROWTH = (
    GoalCategory.SYMPTOM,
    GoalCategory.BEHAVIORAL,
    GoalCategory.EMOTIONAL_REGULATION,
    GoalCategory.RELATIONSHIP,
    GoalCategory.PERSONAL_GROWTH,
)

GOALS: dict[str, GoalTemplate] = {
    t.key: t
    for t in (
        GoalTemplate(
            key="panic",
            category=SYMPTOM,
            statement="Reduce panic attacks from 5 to 1 per week",
            client_words="I want to be able to take the bus again without panicking.",
            measure="Panic attacks",
            unit="per week",
            baseline=5,
            target=1,
            step=1,
            highest=14,
            cuts=(5, 1, 0, -1),
            gas=(
                "6 or more panic attacks a week",
                "2 to 5 panic attacks a week",
                "1 panic attack a week",
                "No panic attacks in the week",
                "No panic attacks for a month or more",
            ),
            value_text="{v} a week",
            report="{v} panic attack{s} in the past week",
            focus="panic attacks",
            objectives=(
                "Record every panic attack in a panic diary for four weeks",
                "Name the bodily sensations of panic and the catastrophic thought behind each",
                "Use paced breathing at the first sign of panic in at least half of attacks",
            ),
            interventions=(
                ("Psychoeducation on the panic cycle and interoceptive exposure", "CBT", "Weekly"),
                (
                    "Cognitive restructuring of catastrophic misreadings of bodily sensations",
                    "CBT",
                    "Weekly",
                ),
                ("Paced breathing training (six breaths a minute)", "CBT", "Daily practice"),
            ),
            homework=(
                "Keep the panic diary daily",
                "Practise paced breathing for 10 minutes twice a day",
                "Interoceptive exposure: one minute of breathing through a straw, once a day",
            ),
            milestones=(
                "A full week without a panic attack",
                "Went to the cinema and stayed to the end",
            ),
        ),
        GoalTemplate(
            key="worry",
            category=SYMPTOM,
            statement="Reduce time spent worrying from 4 hours to 1 hour a day",
            client_words="I want my evenings back instead of going over everything in my head.",
            measure="Time spent worrying",
            unit="hours per day",
            baseline=4,
            target=1,
            step=0.5,
            highest=12,
            cuts=(4, 1, 0.5, 0),
            gas=(
                "More than 4 hours of worry a day",
                "1.5 to 4 hours of worry a day",
                "About 1 hour of worry a day",
                "About half an hour of worry a day",
                "Worry takes a few minutes a day at most",
            ),
            value_text="{v} hours a day",
            report="about {v} hours a day of worry",
            focus="worry",
            objectives=(
                "Use a scheduled 20-minute worry period each day for three weeks",
                "Sort worries into solvable and hypothetical using the worry tree",
                "Postpone worries to the worry period on at least five days a week",
            ),
            interventions=(
                ("Worry postponement and scheduled worry time", "CBT for GAD", "Weekly"),
                ("Problem-solving training for solvable worries", "CBT", "Weekly"),
                ("Mindfulness of thoughts (leaves on a stream)", "ACT", "Daily practice"),
            ),
            homework=(
                "Keep a daily worry log",
                "Hold a 20-minute worry period at 6 pm",
                "Practise leaves on a stream for 10 minutes a day",
            ),
            milestones=(
                "Went through a whole weekend without checking work email",
                "Enjoyed a family dinner without rehearsing conversations beforehand",
            ),
        ),
        GoalTemplate(
            key="nightmares",
            category=SYMPTOM,
            statement="Reduce nightmares from 4 to 1 per week",
            client_words="I want to sleep through the night without waking up in a panic.",
            measure="Nightmares",
            unit="per week",
            baseline=4,
            target=1,
            step=1,
            highest=14,
            cuts=(4, 1, 0, -1),
            gas=(
                "5 or more nightmares a week",
                "2 to 4 nightmares a week",
                "1 nightmare a week",
                "No nightmares in the week",
                "No nightmares for a month or more",
            ),
            value_text="{v} a week",
            report="{v} nightmare{s} in the past week",
            focus="nightmares",
            objectives=(
                "Write and rehearse a changed ending for the recurring nightmare",
                "Use the grounding routine after waking from a nightmare",
                "Keep a sleep and nightmare log for four weeks",
            ),
            interventions=(
                ("Imagery rehearsal therapy for recurrent nightmares", "CBT", "Weekly"),
                ("Cognitive processing of the trauma memory", "CPT", "Weekly"),
                ("EMDR processing of the index memory", "EMDR", "Weekly"),
            ),
            homework=(
                "Rehearse the new dream script for 10 minutes before bed",
                "Log nightmares and what helped afterwards",
                "Use the 5-4-3-2-1 grounding exercise after waking",
            ),
            milestones=(
                "Slept through the night for a full week",
                "Described the event in session without losing touch with the room",
            ),
        ),
        GoalTemplate(
            key="memories",
            category=SYMPTOM,
            statement="Lower distress during intrusive memories from 80 to 30 (SUDS, 0-100)",
            client_words="I want to remember it without feeling like it is happening again.",
            measure="Distress during intrusive memories (SUDS)",
            unit="0-100 rating",
            baseline=80,
            target=30,
            step=5,
            highest=100,
            cuts=(80, 35, 25, 10),
            gas=(
                "Distress above 80",
                "Distress from 40 to 80",
                "Distress from 30 to 35",
                "Distress from 15 to 25",
                "Distress of 10 or lower",
            ),
            value_text="{v}/100",
            report="peak distress of {v}/100 during intrusive memories",
            focus="intrusive memories",
            objectives=(
                "Build a written trauma narrative over six sessions",
                "Log triggers for intrusive memories with a distress rating",
                "Bring distress below 50 within one exposure session",
            ),
            interventions=(
                ("Imaginal exposure to the trauma memory", "Prolonged exposure", "Weekly"),
                ("Grounding and stabilisation skills", "Trauma-focused CBT", "Weekly"),
                ("EMDR processing of target memories", "EMDR", "Weekly"),
            ),
            homework=(
                "Listen to the recording of the imaginal exposure once a day",
                "Practise the safe-place exercise daily",
                "Log intrusive memories with distress ratings",
            ),
            milestones=(
                "Drove past the place where it happened",
                "Talked about the event with a close friend for the first time",
            ),
        ),
        GoalTemplate(
            key="mood",
            category=SYMPTOM,
            statement="Raise average daily mood from 3 to 6 on a 0-10 rating",
            client_words="I want to feel like myself again.",
            measure="Average daily mood rating",
            unit="0-10 rating",
            baseline=3,
            target=6,
            step=1,
            highest=10,
            cuts=(3, 6, 7, 8),
            gas=(
                "Average mood below 3",
                "Average mood from 3 to 5",
                "Average mood of 6",
                "Average mood of 7",
                "Average mood of 8 or higher",
            ),
            value_text="{v}/10",
            report="an average mood of {v}/10 this week",
            focus="mood",
            objectives=(
                "Rate mood three times a day in a mood diary",
                "Link changes in mood to activities in a weekly review",
                "Name three early warning signs of a low-mood spiral",
            ),
            interventions=(
                ("Behavioural activation with activity scheduling", "CBT", "Weekly"),
                ("Cognitive restructuring of negative automatic thoughts", "CBT", "Weekly"),
                ("Values clarification and committed action", "ACT", "Fortnightly"),
            ),
            homework=(
                "Keep the mood diary three times a day",
                "Complete a thought record when mood drops by 2 points or more",
                "Schedule one pleasant and one mastery activity each day",
            ),
            milestones=(
                "A whole week with mood at 6 or above",
                "Went back to the choir after two years away",
            ),
        ),
        GoalTemplate(
            key="checking",
            category=SYMPTOM,
            statement="Reduce time spent checking from 180 to 30 minutes a day",
            client_words="I want to leave the house without going back to check the door.",
            measure="Time spent checking",
            unit="minutes per day",
            baseline=180,
            target=30,
            step=10,
            highest=480,
            cuts=(180, 40, 20, 10),
            gas=(
                "More than 3 hours of checking a day",
                "50 minutes to 3 hours a day",
                "30 to 40 minutes a day",
                "About 20 minutes a day",
                "10 minutes a day or less",
            ),
            value_text="{v} minutes a day",
            report="about {v} minutes a day spent checking",
            focus="checking",
            objectives=(
                "Time checking rituals with a phone timer for two weeks",
                "Delay each check by 15 minutes, then 30",
            ),
            interventions=(
                ("Exposure and response prevention", "ERP", "Weekly"),
                ("Cognitive work on inflated responsibility", "CBT", "Fortnightly"),
            ),
            homework=(
                "Leave the house after checking the lock once",
                "Time each checking ritual and note it in the log",
                "Delay the urge to check by 15 minutes",
            ),
            milestones=("Left for work on time every day for a week",),
        ),
        GoalTemplate(
            key="sleep",
            category=SYMPTOM,
            statement="Increase nights with at least 6 hours of sleep from 2 to 5 a week",
            client_words="I want to wake up feeling rested.",
            measure="Nights with 6 or more hours of sleep",
            unit="nights per week",
            baseline=2,
            target=5,
            step=1,
            highest=7,
            cuts=(2, 5, 6, 7),
            gas=(
                "Fewer than 2 nights a week",
                "2 to 4 nights a week",
                "5 nights a week",
                "6 nights a week",
                "Every night of the week",
            ),
            value_text="{v} nights a week",
            report="{v} night{s} with 6 or more hours of sleep",
            focus="sleep",
            objectives=(
                "Keep a sleep diary for two weeks",
                "Get out of bed after 20 minutes awake on most nights",
                "Keep the same wake-up time seven days a week",
            ),
            interventions=(
                ("Stimulus control and sleep restriction", "CBT-I", "Weekly"),
                ("Sleep hygiene review and a wind-down routine", "CBT-I", "Weekly"),
                ("Cognitive work on worry at bedtime", "CBT", "Weekly"),
            ),
            homework=(
                "Fill in the sleep diary every morning",
                "Get up at 7:00 every day, weekends included",
                "Leave the bedroom if awake for more than 20 minutes",
            ),
            milestones=(
                "First full week of six hours' sleep or more every night",
                "Stopped napping during the day",
            ),
        ),
        GoalTemplate(
            key="bedtime",
            category=BEHAVIORAL,
            statement="Keep a regular bedtime (within 30 minutes) on 5 nights a week, up from 1",
            client_words="I want a routine so my body knows when it is time to sleep.",
            measure="Nights with a regular bedtime",
            unit="nights per week",
            baseline=1,
            target=5,
            step=1,
            highest=7,
            cuts=(1, 5, 6, 7),
            gas=(
                "No night at the regular bedtime",
                "1 to 4 nights a week",
                "5 nights a week",
                "6 nights a week",
                "Every night of the week",
            ),
            value_text="{v} nights a week",
            report="a regular bedtime on {v} night{s}",
            focus="the bedtime routine",
            objectives=(
                "Set a wind-down alarm for 22:00",
                "Switch screens off 30 minutes before bed on five nights a week",
            ),
            interventions=(
                ("Behavioural sleep scheduling", "CBT-I", "Weekly"),
                ("Motivational interviewing about evening screen use", "MI", "Fortnightly"),
            ),
            homework=(
                "Start the wind-down routine at 22:00",
                "Charge the phone outside the bedroom",
                "Note bedtime and wake time in the sleep diary",
            ),
            milestones=("Kept the bedtime routine for two weeks running",),
            horizon=GoalHorizon.SHORT_TERM,
            kind=GoalKind.PROCESS,
        ),
        GoalTemplate(
            key="bus",
            category=BEHAVIORAL,
            statement="Travel to work by bus on at least 4 days a week, up from none",
            client_words="I want to be able to take the bus again.",
            measure="Days travelling to work by bus",
            unit="days per week",
            baseline=0,
            target=4,
            step=1,
            highest=5,
            cuts=(0, 4, 5, 6),
            gas=(
                "Avoids other journeys too, beyond the bus",
                "Up to 3 days a week by bus",
                "4 days a week by bus",
                "Every working day by bus",
                "Every working day, and bus trips at the weekend",
            ),
            value_text="{v} days a week",
            report="taking the bus on {v} day{s}",
            focus="bus travel",
            objectives=(
                "Ride the bus for one stop following the exposure plan",
                "Work up the hierarchy from one stop to the whole journey",
                "Stay on the bus until anxiety falls by half",
            ),
            interventions=(
                ("Graded in-vivo exposure to public transport", "CBT", "Weekly"),
                ("Dropping safety behaviours during exposure", "CBT", "Weekly"),
            ),
            homework=(
                "Ride the bus three stops and stay until anxiety halves",
                "Rate anxiety before, during and after each journey",
                "Leave the water bottle at home on one journey",
            ),
            milestones=(
                "Took the bus to work for the first time in a year",
                "Rode the bus at rush hour",
            ),
        ),
        GoalTemplate(
            key="activation",
            category=BEHAVIORAL,
            statement="Complete at least 3 planned pleasant activities a week, up from none",
            client_words="I want to start doing the things I used to enjoy.",
            measure="Pleasant activities completed",
            unit="per week",
            baseline=0,
            target=3,
            step=1,
            highest=14,
            cuts=(0, 3, 5, 7),
            gas=(
                "Stops the activities that remain",
                "Up to 2 planned activities a week",
                "3 or 4 planned activities a week",
                "5 or 6 planned activities a week",
                "7 or more planned activities a week",
            ),
            value_text="{v} a week",
            report="completing {v} of the planned pleasant activities",
            focus="activity scheduling",
            objectives=(
                "Plan the week's activities in the planner every Sunday",
                "Rate pleasure and mastery for each activity",
            ),
            interventions=(
                (
                    "Activity monitoring and scheduling",
                    "Behavioural activation",
                    "Weekly",
                ),
                ("Problem-solving barriers to planned activities", "CBT", "Weekly"),
            ),
            homework=(
                "Plan three pleasant activities for the week",
                "Take a 20-minute walk on three days",
                "Rate mood before and after each activity",
            ),
            milestones=(
                "Met a friend for coffee for the first time in months",
                "Went back to the Saturday swim",
            ),
        ),
        GoalTemplate(
            key="exercise",
            category=BEHAVIORAL,
            statement="Exercise for 30 minutes on 4 days a week, up from 1",
            client_words="I want to have more energy and feel stronger.",
            measure="Days with 30 minutes of exercise",
            unit="days per week",
            baseline=1,
            target=4,
            step=1,
            highest=7,
            cuts=(1, 4, 5, 6),
            gas=(
                "No exercise in the week",
                "1 to 3 days a week",
                "4 days a week",
                "5 days a week",
                "6 or 7 days a week",
            ),
            value_text="{v} days a week",
            report="exercising on {v} day{s}",
            focus="exercise",
            objectives=(
                "Walk for 15 minutes after lunch on workdays",
                "Join a beginners' class or walking group",
            ),
            interventions=(
                ("Behavioural activation targeting physical activity", "CBT", "Weekly"),
                ("Motivational interviewing on barriers to exercise", "MI", "Fortnightly"),
            ),
            homework=(
                "Walk for 30 minutes on three days",
                "Put the exercise sessions in the calendar",
                "Note energy levels after each session",
            ),
            milestones=("Finished a 5 km charity walk",),
        ),
        GoalTemplate(
            key="exposure",
            category=BEHAVIORAL,
            statement="Complete 8 of the 10 steps of the exposure hierarchy, up from none",
            client_words="I want to touch things without needing to wash straight away.",
            measure="Hierarchy steps completed",
            unit="steps of 10",
            baseline=0,
            target=8,
            step=1,
            highest=10,
            cuts=(0, 7, 9, 10),
            gas=(
                "Stops exposure work",
                "Up to 6 steps completed",
                "7 or 8 steps completed",
                "9 steps completed",
                "All 10 steps completed",
            ),
            value_text="{v} steps",
            report="completing {v} step{s} of the exposure hierarchy so far",
            focus="exposure work",
            objectives=(
                "Build a hierarchy of ten feared situations with distress ratings",
                "Resist the compulsion for 30 minutes after each exposure",
            ),
            interventions=(
                ("Exposure and response prevention", "ERP", "Weekly"),
                ("Cognitive work on inflated responsibility", "CBT", "Fortnightly"),
            ),
            homework=(
                "Daily exposure: touch the door handle and delay washing for 30 minutes",
                "Record distress before and after each exposure",
                "Repeat this week's hierarchy step once a day",
            ),
            milestones=(
                "Completed the top step of the hierarchy",
                "Cooked dinner for friends without rewashing the dishes",
            ),
            cumulative=True,
        ),
        GoalTemplate(
            key="alcohol",
            category=BEHAVIORAL,
            statement="Cut alcohol from 20 to 7 or fewer drinks a week",
            client_words="I don't want to need a drink to unwind.",
            measure="Alcoholic drinks",
            unit="per week",
            baseline=20,
            target=7,
            step=1,
            highest=60,
            cuts=(20, 8, 4, 1),
            gas=(
                "More than 20 drinks a week",
                "9 to 20 drinks a week",
                "5 to 8 drinks a week",
                "2 to 4 drinks a week",
                "1 drink a week or none",
            ),
            value_text="{v} drinks a week",
            report="{v} alcoholic drink{s} in the past week",
            focus="alcohol use",
            objectives=(
                "Keep a drinks diary for four weeks",
                "Plan three alcohol-free days each week",
            ),
            interventions=(
                ("Motivational interviewing", "MI", "Weekly"),
                ("Urge surfing and other ways to unwind", "CBT", "Weekly"),
            ),
            homework=(
                "Log every drink in the drinks diary",
                "Plan the alcohol-free days and an evening activity for each",
                "Practise urge surfing when a craving comes",
            ),
            milestones=("First alcohol-free weekend in years",),
        ),
        GoalTemplate(
            key="conversations",
            category=BEHAVIORAL,
            statement="Start a conversation with a colleague or acquaintance 4 times a week",
            client_words="I want to stop eating lunch alone at my desk.",
            measure="Conversations started",
            unit="per week",
            baseline=0,
            target=4,
            step=1,
            highest=20,
            cuts=(0, 3, 5, 8),
            gas=(
                "Avoids conversations more than at the start",
                "Up to 2 conversations a week",
                "3 or 4 conversations a week",
                "5 to 7 conversations a week",
                "8 or more conversations a week",
            ),
            value_text="{v} a week",
            report="starting {v} conversation{s} this week",
            focus="starting conversations",
            objectives=(
                "Ask one question in each team meeting",
                "Eat lunch in the staff room twice a week",
            ),
            interventions=(
                ("Graded exposure to social situations", "CBT for social anxiety", "Weekly"),
                ("Video feedback and dropping safety behaviours", "CBT", "Fortnightly"),
                ("Attention training: shifting focus outward", "CBT", "Weekly"),
            ),
            homework=(
                "Start two short conversations at work",
                "Write down the feared outcome before each conversation, then check it",
                "Drop one safety behaviour (rehearsing sentences) this week",
            ),
            milestones=(
                "Gave a short presentation at the team meeting",
                "Went to a colleague's birthday drinks",
            ),
        ),
        GoalTemplate(
            key="assertive",
            category=BEHAVIORAL,
            statement="Decline extra requests when already at capacity in 3 of 5 situations",
            client_words="I want to say no without feeling guilty for days.",
            measure="Requests declined when at capacity",
            unit="of 5 situations",
            baseline=0,
            target=3,
            step=1,
            highest=5,
            cuts=(0, 3, 4, 5),
            gas=(
                "Takes on even more than at the start",
                "Declines up to 2 of 5",
                "Declines 3 of 5",
                "Declines 4 of 5",
                "Declines every one of 5",
            ),
            value_text="{v} of 5",
            report="declining {v} of 5 requests made when already at capacity",
            focus="assertiveness",
            objectives=(
                "Write down each request that feels like too much",
                "Practise a short, kind 'no' in role-play",
            ),
            interventions=(
                ("Assertiveness training with role-play", "CBT", "Weekly"),
                ("Exploring beliefs about approval and guilt", "Schema therapy", "Fortnightly"),
            ),
            homework=(
                "Use the 'no' script with one low-stakes request",
                "Log requests and how they were answered",
                "Write down what actually happened after saying no",
            ),
            milestones=("Turned down an extra weekend shift without apologising",),
        ),
        GoalTemplate(
            key="coping",
            category=EMOTION,
            statement="Use a coping skill in at least 80% of moments of high distress",
            client_words="I want to calm down before I say something I regret.",
            measure="Distressing moments met with a coping skill",
            unit="% of moments",
            baseline=20,
            target=80,
            step=10,
            highest=100,
            cuts=(20, 70, 90, 100),
            gas=(
                "Below 20% of moments",
                "20% to 60% of moments",
                "70% to 80% of moments",
                "90% of moments",
                "Every time",
            ),
            value_text="{v}%",
            report="using a coping skill in about {v}% of difficult moments",
            focus="coping skills",
            objectives=(
                "List five coping skills that have worked before",
                "Use paced breathing or grounding when distress reaches 6/10",
            ),
            interventions=(
                ("Distress tolerance skills (TIPP, self-soothe)", "DBT skills", "Weekly"),
                ("Chain analysis of difficult moments", "DBT", "Weekly"),
            ),
            homework=(
                "Fill in the diary card every evening",
                "Practise one distress tolerance skill daily",
                "Use the coping card at the first sign of distress",
            ),
            milestones=("Stayed calm through a difficult call with the landlord",),
        ),
        GoalTemplate(
            key="outbursts",
            category=EMOTION,
            statement="Reduce angry outbursts at home from 4 to 1 per week",
            client_words="I don't want my kids to be scared of me when I'm stressed.",
            measure="Angry outbursts at home",
            unit="per week",
            baseline=4,
            target=1,
            step=1,
            highest=14,
            cuts=(4, 1, 0, -1),
            gas=(
                "5 or more outbursts a week",
                "2 to 4 outbursts a week",
                "1 outburst a week",
                "No outbursts in the week",
                "No outbursts for a month or more",
            ),
            value_text="{v} a week",
            report="{v} angry outburst{s} at home this week",
            focus="anger",
            objectives=(
                "Recognise three physical warning signs of anger",
                "Take a 20-minute time-out when anger reaches 7/10",
            ),
            interventions=(
                ("Cognitive-behavioural model of anger and time-out", "CBT", "Weekly"),
                ("Emotion regulation skills: opposite action", "DBT skills", "Weekly"),
            ),
            homework=(
                "Log anger episodes with triggers and warning signs",
                "Use the time-out plan and talk it through with the family",
                "Practise progressive muscle relaxation daily",
            ),
            milestones=("Walked away from an argument and came back to finish it calmly",),
        ),
        GoalTemplate(
            key="distress",
            category=EMOTION,
            statement="Lower peak distress in trigger situations from 9 to 5 (0-10)",
            client_words="I want to feel anxious without feeling out of control.",
            measure="Peak distress rating",
            unit="0-10 rating",
            baseline=9,
            target=5,
            step=1,
            highest=10,
            cuts=(9, 5, 4, 2),
            gas=(
                "Peak distress of 10",
                "Peak distress from 6 to 9",
                "Peak distress of 5",
                "Peak distress of 3 or 4",
                "Peak distress of 2 or lower",
            ),
            value_text="{v}/10",
            report="peak distress of {v}/10 in trigger situations",
            focus="distress in trigger situations",
            objectives=(
                "Rate distress before and after each trigger situation",
                "Use a grounding skill within five minutes of a trigger",
            ),
            interventions=(
                ("Emotion regulation: check the facts and opposite action", "DBT skills", "Weekly"),
                ("Acceptance and defusion exercises", "ACT", "Weekly"),
            ),
            homework=(
                "Rate distress in trigger situations in the diary",
                "Practise the grounding routine twice a day",
                "Try 'I'm having the thought that...' with three difficult thoughts",
            ),
            milestones=("Stayed in the supermarket queue until the end",),
        ),
        GoalTemplate(
            key="thought_records",
            category=EMOTION,
            statement="Complete 4 thought records a week, up from none",
            client_words="I want to catch the spiral before it takes over.",
            measure="Thought records completed",
            unit="per week",
            baseline=0,
            target=4,
            step=1,
            highest=14,
            cuts=(0, 3, 5, 7),
            gas=(
                "Stops using thought records",
                "Up to 2 a week",
                "3 or 4 a week",
                "5 or 6 a week",
                "7 or more a week",
            ),
            value_text="{v} a week",
            report="completing {v} thought record{s}",
            focus="thought records",
            objectives=(
                "Learn the five-column thought record in session",
                "Find one balanced alternative thought for each record",
            ),
            interventions=(
                ("Cognitive restructuring with thought records", "CBT", "Weekly"),
                ("Questioning core beliefs (Socratic method)", "CBT", "Fortnightly"),
            ),
            homework=(
                "Complete four thought records",
                "Bring one thought record to discuss next session",
                "Notice and name thinking traps during the week",
            ),
            milestones=("Caught a spiral early and talked it through with a friend",),
            horizon=GoalHorizon.SHORT_TERM,
            kind=GoalKind.PROCESS,
        ),
        GoalTemplate(
            key="check_ins",
            category=RELATIONSHIP,
            statement="Hold a 20-minute check-in with partner 3 times a week, up from none",
            client_words="I want us to talk without it turning into a fight.",
            measure="Check-in conversations with partner",
            unit="per week",
            baseline=0,
            target=3,
            step=1,
            highest=7,
            cuts=(0, 3, 4, 6),
            gas=(
                "Stops talking about the relationship at all",
                "Up to 2 check-ins a week",
                "3 check-ins a week",
                "4 or 5 check-ins a week",
                "6 or more check-ins a week",
            ),
            value_text="{v} a week",
            report="{v} check-in{s} with their partner this week",
            focus="communication with their partner",
            objectives=(
                "Use the speaker-listener technique in session",
                "Agree a regular time for the check-in",
            ),
            interventions=(
                ("Softened start-up and repair attempts", "Couples therapy", "Weekly"),
                ("Communication skills training (speaker-listener)", "Couples therapy", "Weekly"),
            ),
            homework=(
                "Hold three 20-minute check-ins with phones away",
                "Each partner names one appreciation a day",
                "Try a repair attempt when a talk heats up",
            ),
            milestones=(
                "Had a calm conversation about money for the first time",
                "Went on a date night without arguing",
            ),
        ),
        GoalTemplate(
            key="arguments",
            category=RELATIONSHIP,
            statement="Reduce arguments that escalate to shouting from 4 to 1 per week",
            client_words="I want us to be able to disagree without shouting.",
            measure="Arguments that escalate to shouting",
            unit="per week",
            baseline=4,
            target=1,
            step=1,
            highest=14,
            cuts=(4, 1, 0, -1),
            gas=(
                "5 or more a week",
                "2 to 4 a week",
                "1 a week",
                "None in the week",
                "None for a month or more",
            ),
            value_text="{v} a week",
            report="{v} argument{s} that escalated to shouting",
            focus="conflict at home",
            objectives=(
                "Agree on a time-out signal",
                "Identify the three most common triggers of escalation",
            ),
            interventions=(
                ("De-escalating the negative cycle", "Emotionally focused therapy", "Weekly"),
                ("Conflict management skills: time-out and return", "Couples therapy", "Weekly"),
            ),
            homework=(
                "Use the agreed time-out signal",
                "Write down the cycle after an argument",
                "Return to a paused argument within 24 hours",
            ),
            milestones=("Used the time-out signal and came back to finish the talk calmly",),
        ),
        GoalTemplate(
            key="contact",
            category=RELATIONSHIP,
            statement="Contact a friend or family member at least twice a week, up from none",
            client_words="I miss having people to talk to.",
            measure="Social contacts started",
            unit="per week",
            baseline=0,
            target=2,
            step=1,
            highest=14,
            cuts=(0, 2, 3, 5),
            gas=(
                "Withdraws further from friends and family",
                "No contact or 1 a week",
                "2 contacts a week",
                "3 or 4 contacts a week",
                "5 or more contacts a week",
            ),
            value_text="{v} a week",
            report="reaching out to friends or family {v} time{s}",
            focus="reconnecting with others",
            objectives=(
                "List five people to reconnect with",
                "Send one message a day to someone on the list",
            ),
            interventions=(
                ("Role transitions and building social support", "IPT", "Weekly"),
                ("Behavioural activation targeting social contact", "CBT", "Weekly"),
            ),
            homework=(
                "Send two messages to people on the list",
                "Arrange one meeting or call this week",
                "Note mood before and after each contact",
            ),
            milestones=(
                "Went to a friend's birthday dinner",
                "Called a sister after a year of silence",
            ),
        ),
        GoalTemplate(
            key="self_compassion",
            category=GROWTH,
            statement="Practise self-compassion for 10 minutes on 5 days a week, up from none",
            client_words="I want to stop being so hard on myself.",
            measure="Days with self-compassion practice",
            unit="days per week",
            baseline=0,
            target=5,
            step=1,
            highest=7,
            cuts=(0, 4, 6, 7),
            gas=(
                "Stops the practice",
                "Up to 3 days a week",
                "4 or 5 days a week",
                "6 days a week",
                "Every day",
            ),
            value_text="{v} days a week",
            report="practising self-compassion on {v} day{s}",
            focus="self-compassion",
            objectives=(
                "Write a compassionate letter to oneself",
                "Notice the inner critic and name it in the diary",
            ),
            interventions=(
                ("Compassion-focused exercises", "CFT", "Weekly"),
                ("Self-compassion break and soothing-rhythm breathing", "CFT", "Daily practice"),
            ),
            homework=(
                "Do the self-compassion break on five days",
                "Write one kind note to yourself each evening",
                "Notice and name the inner critic three times",
            ),
            milestones=("Made a mistake at work and let it go by the evening",),
            kind=GoalKind.PROCESS,
        ),
        GoalTemplate(
            key="values",
            category=GROWTH,
            statement="Take 3 values-based actions a week, up from none",
            client_words="I want to feel like my life is going somewhere.",
            measure="Values-based actions",
            unit="per week",
            baseline=0,
            target=3,
            step=1,
            highest=14,
            cuts=(0, 3, 4, 6),
            gas=(
                "Gives up on values-based actions",
                "Up to 2 a week",
                "3 a week",
                "4 or 5 a week",
                "6 or more a week",
            ),
            value_text="{v} a week",
            report="taking {v} values-based action{s}",
            focus="values-based living",
            objectives=(
                "Name three personal values with the values card sort",
                "Link each weekly goal to a value",
            ),
            interventions=(
                ("Values clarification and committed action", "ACT", "Weekly"),
                ("Defusion from 'I'm not the kind of person who...' stories", "ACT", "Weekly"),
            ),
            homework=(
                "Take three small actions linked to your values",
                "Complete the values compass worksheet",
                "Notice what shows up when you act on a value",
            ),
            milestones=(
                "Signed up for an evening course",
                "Volunteered at the community garden",
            ),
        ),
        GoalTemplate(
            key="hobby",
            category=GROWTH,
            statement="Return to a meaningful hobby at least twice a week, up from none",
            client_words="I used to paint every weekend and I miss it.",
            measure="Hobby sessions",
            unit="per week",
            baseline=0,
            target=2,
            step=1,
            highest=7,
            cuts=(0, 2, 3, 5),
            gas=(
                "Gives the hobby up altogether",
                "No session or 1 a week",
                "2 sessions a week",
                "3 or 4 sessions a week",
                "5 or more sessions a week",
            ),
            value_text="{v} a week",
            report="{v} hobby session{s} this week",
            focus="making time for a hobby",
            objectives=(
                "Choose one hobby and set up a space for it",
                "Protect two hobby sessions in the weekly calendar",
            ),
            interventions=(
                ("Behavioural activation and identity work", "CBT", "Fortnightly"),
                ("Exploring meaning and purpose", "Person-centred", "Weekly"),
            ),
            homework=(
                "Spend 30 minutes on the hobby twice this week",
                "Notice mood before and after each session",
            ),
            milestones=("Finished the first painting in three years",),
        ),
        GoalTemplate(
            key="self_worth",
            category=GROWTH,
            statement="Raise self-worth from 3 to 7 on a 0-10 rating",
            client_words="I want to believe I'm good enough.",
            measure="Self-worth rating",
            unit="0-10 rating",
            baseline=3,
            target=7,
            step=1,
            highest=10,
            cuts=(3, 6, 8, 9),
            gas=(
                "Self-worth below 3",
                "Self-worth from 3 to 5",
                "Self-worth of 6 or 7",
                "Self-worth of 8",
                "Self-worth of 9 or 10",
            ),
            value_text="{v}/10",
            report="self-worth at {v}/10",
            focus="self-worth",
            objectives=(
                "Keep a positive data log of three things done well each day",
                "Trace the belief 'I'm not good enough' to where it was learned",
            ),
            interventions=(
                ("Core belief work with a positive data log", "CBT", "Weekly"),
                ("Schema work on the defectiveness schema", "Schema therapy", "Weekly"),
            ),
            homework=(
                "Write three things done well each day",
                "Ask a trusted friend for one thing they value in you",
                "Weigh the evidence for one self-critical thought",
            ),
            milestones=("Accepted a compliment without brushing it off",),
        ),
    )
}


@dataclass(frozen=True)
class Condition:
    """A diagnosis (real ICD-10-CM code and title) with the problem and goals it usually brings."""

    code: str
    description: str
    problem: str
    details: tuple[str, ...]
    goals: tuple[str, ...]
    modality: str
    psychoeducation: str
    phq9: tuple[int, int]
    gad7: tuple[int, int]
    weight: int
    couples: bool = False


CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "F32.1",
        "Major depressive disorder, single episode, moderate",
        "Depressed mood and loss of interest are limiting work and relationships",
        (
            "Low mood most days for four months; has stopped seeing friends.",
            "Struggles to get up for work; little pleasure in anything since the spring.",
        ),
        ("mood", "activation", "exercise", "self_compassion", "contact", "self_worth", "sleep"),
        "CBT with behavioural activation",
        "the link between activity and mood",
        (14, 22),
        (6, 13),
        18,
    ),
    Condition(
        "F33.1",
        "Major depressive disorder, recurrent, moderate",
        "A recurrence of depression with withdrawal and harsh self-criticism",
        (
            "Third episode since early adulthood; early waking, low energy, self-blame.",
            "Mood has dropped again after a stable year; stopped going to the gym.",
        ),
        ("mood", "activation", "self_worth", "thought_records", "self_compassion", "exercise"),
        "CBT (relapse prevention focus)",
        "early warning signs of relapse",
        (13, 21),
        (6, 12),
        6,
    ),
    Condition(
        "F41.1",
        "Generalized anxiety disorder",
        "Persistent, hard-to-control worry about work, health and family",
        (
            "Worries most of the day; muscle tension, poor concentration, restless sleep.",
            "Cannot switch off in the evenings; checks on family members several times a day.",
        ),
        ("worry", "coping", "thought_records", "sleep", "self_compassion", "alcohol", "assertive"),
        "CBT for generalised anxiety",
        "the worry cycle and intolerance of uncertainty",
        (6, 13),
        (12, 18),
        16,
    ),
    Condition(
        "F41.0",
        "Panic disorder [episodic paroxysmal anxiety]",
        "Panic attacks interfere with work and travel",
        (
            "Sudden surges of fear with racing heart and breathlessness; stopped using the bus.",
            "Panic attacks at work and in shops; now avoids crowded places.",
        ),
        ("panic", "bus", "coping", "distress", "contact"),
        "CBT (panic control treatment)",
        "the panic cycle",
        (5, 12),
        (11, 18),
        10,
    ),
    Condition(
        "F43.10",
        "Post-traumatic stress disorder, unspecified",
        "Intrusive memories, nightmares and avoidance after a traumatic event",
        (
            "A road traffic collision last year; avoids driving and startles easily.",
            "An assault two years ago; nightmares, and avoids going out after dark.",
            "An accident at work; flashbacks and poor sleep since.",
        ),
        ("nightmares", "memories", "coping", "distress", "contact", "hobby"),
        "Trauma-focused CBT",
        "common reactions to trauma",
        (10, 19),
        (10, 17),
        10,
    ),
    Condition(
        "F42.2",
        "Mixed obsessional thoughts and acts",
        "Intrusive doubts and checking rituals take hours each day",
        (
            "Checks locks, the stove and switches repeatedly; late for work most weeks.",
            "Washes after touching door handles; intrusive doubts about causing harm.",
        ),
        ("checking", "exposure", "distress", "self_compassion", "thought_records"),
        "Exposure and response prevention (ERP)",
        "the OCD cycle of doubt, anxiety and ritual",
        (7, 14),
        (10, 17),
        6,
    ),
    Condition(
        "Z63.0",
        "Problems in relationship with spouse or partner",
        "Frequent conflict and distance in the relationship with partner",
        (
            "Arguments escalate quickly; both partners feel unheard; separation considered.",
            "Little time together since the baby was born; conflict about chores and money.",
        ),
        ("check_ins", "arguments", "outbursts", "values", "coping"),
        "Couples therapy (Gottman method)",
        "the pursue-withdraw cycle",
        (5, 12),
        (5, 12),
        8,
        couples=True,
    ),
    Condition(
        "F51.01",
        "Primary insomnia",
        "Difficulty falling and staying asleep most nights",
        (
            "Takes over an hour to fall asleep and wakes at 3 am; tired at work.",
            "Poor sleep for over a year; lies awake going over the day.",
        ),
        ("sleep", "bedtime", "worry", "exercise"),
        "CBT for insomnia (CBT-I)",
        "how sleep pressure and the body clock work",
        (6, 12),
        (5, 11),
        6,
    ),
    Condition(
        "F43.23",
        "Adjustment disorder with mixed anxiety and depressed mood",
        "Low mood and anxiety since a major life change",
        (
            "Since being made redundant: tearful, worried about money, withdrawing.",
            "Since moving to a new city: lonely, anxious, low in the evenings.",
            "Since a separation: low mood, poor sleep, drinking more.",
        ),
        ("mood", "activation", "contact", "values", "coping", "alcohol", "hobby"),
        "Integrative (CBT and person-centred)",
        "adjustment to change and loss",
        (9, 16),
        (8, 15),
        14,
    ),
    Condition(
        "F40.10",
        "Social phobia, unspecified",
        "Fear of judgement leads to avoiding social and work situations",
        (
            "Avoids meetings, phone calls and eating in front of others.",
            "Rehearses sentences for hours; leaves social events early.",
        ),
        ("conversations", "distress", "thought_records", "contact", "self_worth", "assertive"),
        "CBT for social anxiety",
        "the cycle of self-focus and safety behaviours",
        (6, 14),
        (9, 16),
        6,
    ),
)
_EXCLUSIVE = frozenset({"F32.1", "F33.1", "F43.23"})  # never diagnosed together

# Names: common given and family names across cultures, in their own scripts.
_LATIN_FEMALE = (
    "Ana", "Zoë", "Chloé", "Renée", "Núria", "Łucja", "Åsa", "Ingrid", "Katarzyna", "Aoife",
    "Siobhán", "Amara", "Priya", "Mei", "Fatima", "Leila", "Sarah", "Emily", "Olivia", "Grace",
    "Hannah", "Sofía", "Inês", "Margarethe", "Élodie", "Anaïs", "Yuki", "Nkechi", "Elizabeth",
    "María", "Jana", "Chiara",
)  # fmt: skip
_LATIN_MALE = (
    "José", "François", "Jürgen", "Björn", "Søren", "Tomás", "Łukasz", "Mateus", "Raúl", "Ömer",
    "Kwame", "Hiroshi", "Arjun", "Wei", "Liam", "Noah", "James", "Daniel", "Mohammed",
    "Alejandro", "Pádraig", "Stefan", "Ahmed", "William", "Jesús", "Mikael", "Luca",
)  # fmt: skip
_LATIN_NEUTRAL = ("Alex", "Sam", "Robin", "Kai", "Jordan", "Charlie")
_LATIN_FAMILY = (
    "García", "Müller", "Nowak", "Smith", "Nguyen", "Kim", "Okafor", "Johansson", "Dubois",
    "Rossi", "Fernández", "Søndergaard", "O'Connor", "Schröder", "Haddad", "Mensah",
    "Yılmaz",  # noqa: RUF001 - the Turkish dotless i is the point
    "Patel", "Chen", "Tanaka", "Silva", "Brown", "Jones", "Martínez", "Lefèvre", "Østergaard",
    "Đorđević", "Van der Berg", "Kovačić", "Abdi", "Singh", "Wilson", "Ní Bhriain", "Lindqvist",
)  # fmt: skip
_GREEK_FEMALE = ("Ελένη", "Μαρία", "Αικατερίνη", "Σοφία", "Δήμητρα")
_GREEK_MALE = ("Γιώργος", "Νίκος", "Κωνσταντίνος", "Δημήτρης", "Γιάννης")
_GREEK_FAMILY = ("Νικολάου", "Γεωργίου", "Οικονόμου", "Αθανασίου", "Ιωάννου", "Χριστοδούλου")
_CYRILLIC_FEMALE = ("Ольга", "Анна", "Наталья", "Ирина", "Олена")
_CYRILLIC_MALE = ("Иван", "Дмитрий", "Сергей", "Андрій", "Олег")
_CYRILLIC_FAMILY = ("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравчук", "Мельник")
_NICKNAMES = {
    "Alejandro": "Alex",
    "Katarzyna": "Kasia",
    "Elizabeth": "Liz",
    "William": "Will",
    "Margarethe": "Grete",
    "Αικατερίνη": "Κατερίνα",
    "Дмитрий": "Дима",
    "Κωνσταντίνος": "Κώστας",
}

_STREETS = ("Example Street", "Sample Road", "Placeholder Avenue", "Fictional Lane", "Test Close")
_REFERRALS = (
    "Self-referred",
    "Primary care physician",
    "Employee assistance program",
    "Psychiatrist",
    "Friend or family member",
    "Insurance directory",
)
_RELATIONSHIPS = ("Partner", "Mother", "Father", "Sister", "Brother", "Friend", "Spouse")
_STRENGTHS = (
    "Motivated for change",
    "Supportive partner",
    "Close friendships",
    "Stable employment",
    "Good insight into patterns",
    "Sense of humour",
    "Responded well to therapy before",
    "Regular exercise habit",
    "Strong community ties",
    "Creative interests",
)
_BARRIERS = (
    "Long working hours",
    "Shift work",
    "Childcare responsibilities",
    "Limited finances",
    "Ambivalence about change",
    "Physical health problems",
    "Caring for an elderly parent",
    "Long commute",
)
_PROTECTIVE = (
    "children",
    "close relationship with a sister",
    "religious faith",
    "commitment to work",
    "a dog to look after",
    "plans for the summer",
)
_STRESSORS = (
    "a conflict at work",
    "a family visit",
    "several nights of poor sleep",
    "a deadline",
    "an argument with a sibling",
    "illness in the family",
    "money worries",
    "a cancelled holiday",
)

# ----------------------------------------------------------------------- progress-note fragments
_SUBJECTIVE_OPEN = (
    "Client reported {report}.",
    "Client described {report}.",
    "Reported {report}.",
)
_SUBJECTIVE_TREND = {
    "up": (
        "Described the week as better than expected.",
        "Noticed more good days than difficult ones.",
        "Said the practice is starting to feel more natural.",
        "Felt encouraged by the change and wants to keep going.",
        "Family members have commented on the difference.",
    ),
    "flat": (
        "Described the week as much the same as the last.",
        "Said progress feels slow and wondered whether therapy is working.",
        "Had a busy week with little time to practise.",
        "Reported some good moments but no overall change.",
    ),
    "down": (
        "Described a difficult week after {stressor}.",
        "Said old patterns came back after {stressor}.",
        "Felt discouraged by a setback following {stressor}.",
        "Reported feeling overwhelmed after {stressor}.",
    ),
}
_HOMEWORK_FEEDBACK = (
    "Completed the homework ({homework}) on most days.",
    "Completed about half of the agreed homework ({homework}).",
    "Did not complete the homework ({homework}); said the week was too full.",
    "Completed the homework ({homework}) and brought the record to session.",
)
_QUOTES = {
    "up": (
        "I actually went, and nothing terrible happened.",
        "It still shows up, but it doesn't run the show.",
        "I surprised myself this week.",
        "I didn't think I could do that.",
    ),
    "flat": (
        "I know what to do, I just don't always do it.",
        "Some days are fine, some aren't.",
        "I feel a bit stuck.",
    ),
    "down": (
        "It felt like being back at square one.",
        "I just couldn't face it this week.",
        "I'm tired of feeling like this.",
    ),
}
_PRESENTATION = {
    Delivery.IN_PERSON: (
        "Arrived on time, casually dressed and well groomed.",
        "Arrived a few minutes late and apologised.",
        "Attended on time; appropriately dressed.",
        "Arrived early and waited calmly.",
    ),
    Delivery.VIDEO: (
        "Attended by video from home; connection stable, private space confirmed.",
        "Joined the video session on time from a quiet room.",
    ),
    Delivery.PHONE: ("Session held by phone; client in a private room at home.",),
}
_AFFECT = {
    "up": ("brighter", "reactive and full-range", "euthymic", "relaxed"),
    "flat": ("mildly constricted", "anxious", "flat at times", "guarded"),
    "down": ("dysphoric", "anxious and tense", "tearful", "subdued"),
}
_MOOD_WORDS = {
    "up": ("pretty good", "a bit better", "hopeful", "okay, actually"),
    "flat": ("so-so", "tired", "the same", "up and down"),
    "down": ("low", "on edge", "fed up", "worn out"),
}
_AFFECT_LINE = (
    'Affect {affect}; mood described as "{mood}".',
    'Mood "{mood}"; affect {affect} and congruent.',
)
_MENTAL_STATUS = (
    "Speech normal in rate and volume; thought process linear and goal-directed.",
    "Good eye contact; engaged throughout.",
    "Alert and oriented; no evidence of thought disorder.",
    "Fidgety at first, settled as the session went on.",
)
_ASSESS_PROGRESS = {
    "up": (
        "Steady progress on {focus}: {now} now against {then} at the start.",
        "Good progress on {focus}; gains are holding between sessions ({now}, from {then}).",
        "Responding well to {technique}; {focus} continues to improve ({now}, from {then}).",
    ),
    "flat": (
        "Progress on {focus} has levelled off ({now}, from {then}); plateaus are expected and "
        "this was normalised with the client.",
        "Little change in {focus} this week ({now}); engagement remains good.",
        "Mixed week for {focus} ({now}); skills are in place but used inconsistently.",
    ),
    "down": (
        "A setback in {focus} ({now}, against {then} at the start), understandable given "
        "{stressor}; skills remain available.",
        "{Focus} worsened this week ({now}) in the context of {stressor}.",
        "Temporary setback in {focus} ({now}); reviewed the relapse-prevention plan.",
    ),
}
_ENGAGEMENT = (
    "Client is engaged and motivated.",
    "Insight is good; links thoughts, feelings and behaviour readily.",
    "Engaged well despite some ambivalence about change.",
    "Working alliance is strong.",
)
_RISK_NONE = (
    "Denies suicidal and homicidal ideation.",
    "No current SI/HI; no safety concerns identified.",
    "Risk reviewed: denies SI/HI, intent or plan.",
)
_RISK_TEXT = {
    RiskLevel.LOW: (
        "Endorsed passive thoughts of death on PHQ-9 item 9; denies intent or plan. "
        "Protective factors: {protective}. Safety plan reviewed."
    ),
    RiskLevel.MODERATE: (
        "Endorsed thoughts of self-harm on more than half the days (PHQ-9 item 9); denies "
        "intent; no plan. Safety plan updated; crisis numbers given; follow-up call agreed."
    ),
}
_SAFETY_NOTE = {
    RiskLevel.LOW: (
        "Safety plan reviewed; crisis line numbers confirmed; client agreed to call if the "
        "thoughts grow stronger."
    ),
    RiskLevel.MODERATE: (
        "Safety plan updated in session; means safety discussed; crisis numbers given; "
        "check-in call booked for two days' time."
    ),
}
_PLAN_CONTINUE = (
    "Continue {modality}, {frequency}.",
    "Continue {modality} sessions ({frequency}).",
)
_PLAN_NEXT = (
    "Next session: {next}.",
    "Next session will focus on {next}.",
)
_INTERVENTION_LINES = (
    "Reviewed the homework and practised {technique}.",
    "Worked on {technique} with a current example.",
    "Psychoeducation on {psychoeducation}, then continued {technique}.",
    "Guided {technique}; set the homework together.",
)
_RESPONSE = {
    "up": (
        "Client engaged well and described the change in their own words.",
        "Responded well; rated the exercise as helpful (8/10).",
        "Was able to use the skill in session with little prompting.",
    ),
    "flat": (
        "Engaged, but found it hard to see progress.",
        "Hesitant at first, then completed the exercise.",
        "Understood the rationale; unsure about practising it at home.",
    ),
    "down": (
        "Found the exercise difficult and asked to go more slowly.",
        "Tearful, but stayed with the exercise and felt calmer by the end.",
        "Discouraged at the start; more hopeful once the setback was put in context.",
    ),
}
_COMMENTS = {
    ProgressRating.IMPROVING: ("Homework done most days.", "Noticed the change unprompted.", ""),
    ProgressRating.NO_CHANGE: ("Similar to last week.", "Busy week; little practice.", ""),
    ProgressRating.WORSENING: ("Stressful week.", "Setback after a difficult weekend.", ""),
    ProgressRating.ACHIEVED: ("At or beyond the target this week.", "Target met.", ""),
}
_ADDENDA = (
    "Late entry: client phoned the next day to say the homework sheet was lost; a new copy "
    "was sent.",
    "Client emailed after the session to report a good weekend; no change to the plan.",
    "Collateral call with the client's physician (written consent on file): medication unchanged.",
    "Correction: the homework agreed was for three days, not five.",
)
_PRIVATE_NOTES = (
    "Noticed I felt protective when the client talked about their father; bring to supervision.",
    "Session felt stuck; wonder whether the pace of exposure is too fast. Consider slowing down.",
    "Client's humour seems to deflect from grief; explore gently.",
    "My own tiredness today; may have missed cues around shame.",
    "Hypothesis: perfectionism protects against a fear of rejection. Test over the next sessions.",
)
_EARLY_WINS = (
    "Came to the first session despite feeling very anxious about it",
    "Shared a painful memory in session for the first time",
    "Told a close friend about starting therapy",
)


# ============================================================================== generation
def make_demo(
    vault: Vault,
    clients: int = 25,
    seed: int = 1,
    progress: ProgressCallback | None = None,
    *,
    today: date | None = None,
) -> DemoSummary:
    """Add ``clients`` fictional clients with their whole history to ``vault``.

    Refuses (ValidationError on "vault") a vault that holds clients other than demo ones:
    invented records must never mix with a real practice's. One unit of work per batch of
    clients keeps each write short; one "demo.created" audit event records the run.

    ``progress`` may raise to cancel (the GUI's Cancel button): the batches already written
    stay, each complete, and the audit event says how many clients were made.
    """
    if isinstance(clients, bool) or not 1 <= clients <= MAX_CLIENTS:
        raise ValidationError({"clients": f"Choose from 1 to {MAX_CLIENTS:,} demo clients."})
    started = clock.perf_counter()
    day = today or date.today()
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    made = 0
    number = 0

    def record(session: Session, rows: Counter[str], made: int) -> None:
        detail = {"clients": made, "requested": clients, "seed": seed, "rows": rows.total()}
        audit.append(session, "demo.created", detail=detail)

    try:
        while made < clients:
            size = min(BATCH_CLIENTS, clients - made)
            with vault.unit_of_work() as session:
                if made == 0:
                    number = _prepare_vault(session)
                builder = _Builder(rng, day, _next_ids(session))
                for offset in range(size):
                    builder.add_client(number + offset)
                builder.insert(session)
                batch = builder.counts
                if made + size == clients:
                    record(session, counts + batch, clients)
            counts.update(batch)
            made += size
            number += size
            if progress is not None:
                progress(made, clients)
    except BaseException:
        if 0 < made < clients:  # cancelled or failed part-way: say what was made
            with contextlib.suppress(Exception), vault.unit_of_work() as session:
                record(session, counts, made)
        raise
    return DemoSummary(
        clients=counts["client"],
        plans=counts["treatment_plan"],
        goals=counts["goal"],
        encounters=counts["encounter"],
        notes=counts["progress_note"],
        measures=counts["measure_administration"],
        milestones=counts["milestone"],
        rows=counts.total(),
        seconds=clock.perf_counter() - started,
    )


def _prepare_vault(session: Session) -> int:
    """Refuse a vault with real clients; add the demo letterhead; the first free DEMO number."""
    real = session.scalar(
        select(func.count()).where(~Client.record_number.like(f"{RECORD_PREFIX}%"))
    )
    if real:
        raise ValidationError(
            {
                "vault": "This vault holds real client records; demo data goes in a vault of "
                "its own (create one with init)."
            }
        )
    if session.get(PracticeProfile, 1) is None:
        session.execute(
            insert(PracticeProfile),
            [
                {
                    "id": 1,
                    "practice_name": PRACTICE_NAME,
                    "address": "1 Example Street, Demo Town",
                    "phone": "555-0100",
                    "email": "office@example.com",
                    "clinician_name": CLINICIAN,
                    "credentials": "PsyD, Licensed Psychologist (fictional)",
                    "license_number": "DEMO-0000",
                    "npi": "",
                }
            ],
        )
    numbers = session.scalars(
        select(Client.record_number).where(Client.record_number.like(f"{RECORD_PREFIX}%"))
    )
    suffixes = (n[len(RECORD_PREFIX) :] for n in numbers)
    return max((int(s) for s in suffixes if s.isdigit()), default=0) + 1


_ID_TABLES = (
    Client,
    Diagnosis,
    TreatmentPlan,
    Problem,
    Goal,
    Objective,
    Intervention,
    GoalRevision,
    Encounter,
    ProgressNote,
    PsychotherapyNote,
    Addendum,
    GoalProgress,
    MeasureAdministration,
    Milestone,
)


def _next_ids(session: Session) -> dict[str, int]:
    return {
        model.__tablename__: int(session.scalar(select(func.max(model.id))) or 0) + 1
        for model in _ID_TABLES
    }


def _at(day: date, when: time) -> datetime:
    return datetime.combine(day, when, tzinfo=UTC)


def _weekday(day: date) -> date:
    """Move a Saturday back to Friday and a Sunday on to Monday: the practice works weekdays."""
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _lower_first(text: str) -> str:
    """'Graded exposure' -> 'graded exposure', but 'CBT-I sleep...' keeps its capitals."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _improvement(pattern: str, x: float) -> float:
    """How far along from baseline (0) to target (1) a client is at time ``x`` (1 = course)."""
    curve = (1 - math.exp(-2.5 * x)) / (1 - math.exp(-2.5))
    if pattern == "improving":
        return min(curve, 1.3)
    if pattern == "plateau":
        return 0.45 * min(1.0, x / 0.35)
    if pattern == "setback":
        return curve - 0.75 * math.exp(-(((x - 0.55) / 0.12) ** 2))
    return -0.35 * min(1.0, x)  # worsening


_Slot = tuple[date, Attendance, time, Delivery]
"""One scheduled session: date, attendance, start time, delivery."""


@dataclass
class _GoalState:
    template: GoalTemplate
    goal_id: int
    speed: float
    last: float
    reached: bool = False


class _Builder:
    """One batch of clients as plain row dicts per table, with the ids assigned here."""

    def __init__(self, rng: random.Random, today: date, next_ids: dict[str, int]) -> None:
        self.rng = rng
        self.today = today
        self.ids = next_ids
        self.rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in _insert_order()}

    # ------------------------------------------------------------------ bookkeeping
    def _add(self, table: str, row: dict[str, Any]) -> int:
        """Append a row with the next id of its table, and return that id."""
        new_id = self.ids[table]
        self.ids[table] = new_id + 1
        row["id"] = new_id
        self.rows[table].append(row)
        return new_id

    @property
    def counts(self) -> Counter[str]:
        return Counter({name: len(rows) for name, rows in self.rows.items() if rows})

    def insert(self, session: Session) -> None:
        for table in _insert_order():
            rows = self.rows[table.name]
            for start in range(0, len(rows), 5_000):
                session.execute(insert(table), rows[start : start + 5_000])

    def _pick(self, options: Sequence[str]) -> str:
        return options[self.rng.randrange(len(options))]

    # ------------------------------------------------------------------ one client
    def add_client(self, number: int) -> None:
        rng = self.rng
        status = rng.choices(("active", "inactive", "discharged"), (75, 12, 13))[0]
        pattern = rng.choices(("improving", "plateau", "setback", "worsening"), (55, 20, 17, 8))[0]
        if status == "discharged" and pattern == "worsening":
            pattern = "plateau"
        conditions = self._conditions()
        sessions = self._schedule(status, conditions[0].couples)
        intake = sessions[0][0]
        given, family, pronouns = self._person()
        client_id = self._client_row(number, given, family, pronouns, status, sessions, conditions)
        diagnosis_ids = [
            self._add(
                "diagnosis",
                {
                    "client_id": client_id,
                    "icd10_code": c.code,
                    "description": c.description,
                    "is_primary": position == 0,
                    "diagnosed_on": intake,
                    "resolved_on": None,
                },
            )
            for position, c in enumerate(conditions)
        ]
        attended = [s for s in sessions if s[1] is Attendance.ATTENDED]
        effective = attended[1][0] if len(attended) > 1 else intake
        plan_id, signed, goals, plan_info = self._plan(
            client_id, conditions, diagnosis_ids, effective, status, sessions
        )
        self._history(
            client_id, plan_id, signed, goals, plan_info, conditions, sessions, effective, pattern
        )

    def _conditions(self) -> list[Condition]:
        rng = self.rng
        primary = rng.choices(CONDITIONS, [c.weight for c in CONDITIONS])[0]
        chosen = [primary]
        for _ in range(rng.choices((0, 1, 2), (45, 40, 15))[0]):
            candidate = rng.choices(CONDITIONS, [c.weight for c in CONDITIONS])[0]
            clash = candidate.code in _EXCLUSIVE and any(c.code in _EXCLUSIVE for c in chosen)
            if candidate not in chosen and not clash:
                chosen.append(candidate)
        return chosen

    def _person(self) -> tuple[str, str, str]:
        rng = self.rng
        script = rng.choices(("latin", "greek", "cyrillic"), (86, 7, 7))[0]
        gender = rng.choices(("f", "m", "n"), (50, 44, 6))[0]
        if script == "greek":
            given = self._pick(_GREEK_MALE if gender == "m" else _GREEK_FEMALE)
            family = self._pick(_GREEK_FAMILY)
        elif script == "cyrillic":
            given = self._pick(_CYRILLIC_MALE if gender == "m" else _CYRILLIC_FEMALE)
            family = self._pick(_CYRILLIC_FAMILY)
        else:
            pool = {"f": _LATIN_FEMALE, "m": _LATIN_MALE, "n": _LATIN_NEUTRAL}[gender]
            given = self._pick(pool)
            family = self._pick(_LATIN_FAMILY)
        pronouns = {"f": "she/her", "m": "he/him", "n": "they/them"}[gender]
        if gender != "n" and rng.random() < 0.03:
            pronouns = "they/them"
        return given, family, pronouns

    def _schedule(self, status: str, couples: bool) -> list[_Slot]:
        """Session dates (weekly-ish, ending before today) with attendance, time and delivery."""
        rng = self.rng
        count = min(60, max(5, round(rng.triangular(5, 60, 14))))
        if status == "active":
            last = self.today - timedelta(days=rng.randint(0, 9))
        elif status == "inactive":
            last = self.today - timedelta(days=rng.randint(60, 180))
        else:
            last = self.today - timedelta(days=rng.randint(20, 420))
        last = _weekday(last)
        if last > self.today:
            last -= timedelta(days=3)
        days = [last]
        for _ in range(count - 1):
            gap = rng.choices((7, 14, 6, 8, 21), (80, 10, 4, 4, 2))[0]
            days.append(_weekday(days[-1] - timedelta(days=gap)))
        days.reverse()
        hour = rng.randint(8, 18)
        minute = rng.choice((0, 30))
        usual = rng.choices(tuple(Delivery), (65, 30, 5))[0]
        reliability = rng.uniform(0.75, 0.97)
        schedule = []
        for index, day in enumerate(days):
            always = index == 0 or (index == len(days) - 1 and status == "discharged")
            if always or rng.random() < reliability:
                attendance = Attendance.ATTENDED
            else:
                attendance = rng.choices(
                    (Attendance.CANCELLED, Attendance.LATE_CANCELLED, Attendance.NO_SHOW),
                    (45, 25, 30),
                )[0]
            start = time(hour, minute)
            if rng.random() < 0.12:
                start = time(rng.randint(8, 18), rng.choice((0, 30)))
            delivery = usual if rng.random() < 0.85 else rng.choice(tuple(Delivery))
            if index == 0 and not couples:
                delivery = Delivery.IN_PERSON
            schedule.append((day, attendance, start, delivery))
        return schedule

    def _client_row(
        self,
        number: int,
        given: str,
        family: str,
        pronouns: str,
        status: str,
        sessions: list[_Slot],
        conditions: list[Condition],
    ) -> int:
        rng = self.rng
        intake = sessions[0][0]
        discharge = None
        archived = None
        if status == "discharged":
            discharge = min(self.today, sessions[-1][0] + timedelta(days=rng.randint(0, 14)))
            if rng.random() < 0.3:
                later = discharge + timedelta(days=rng.randint(30, 200))
                if later <= self.today:
                    archived = _at(later, time(12, 0))
        age = rng.randint(18, 72)
        born = intake - timedelta(days=age * 365 + rng.randint(0, 364))
        referral = self._pick(_REFERRALS)
        detail = self._pick(conditions[0].details)
        created = _at(intake, sessions[0][2])
        return self._add(
            "client",
            {
                "record_number": f"{RECORD_PREFIX}{number:05d}",
                "legal_given_name": given,
                "legal_family_name": family,
                "preferred_name": _NICKNAMES.get(given, "") if rng.random() < 0.5 else "",
                "pronouns": pronouns,
                "date_of_birth": born,
                "email": f"demo{number:05d}@example.com",
                "phone": f"555-01{rng.randrange(100):02d}",
                "address": f"{rng.randint(1, 199)} {self._pick(_STREETS)}, Demo Town",
                "emergency_contact_name": (
                    f"{self._pick(_LATIN_FEMALE + _LATIN_MALE)} {self._pick(_LATIN_FAMILY)}"
                ),
                "emergency_contact_relationship": self._pick(_RELATIONSHIPS),
                "emergency_contact_phone": f"555-01{rng.randrange(100):02d}",
                "status": ClientStatus(status),
                "intake_date": intake,
                "discharge_date": discharge,
                "referral_source": referral,
                "presenting_concerns": f"{conditions[0].problem}. {detail}",
                "archived_at": archived,
                "created_at": created,
                "updated_at": archived or created,
            },
        )

    # ------------------------------------------------------------------ the plan
    def _plan(
        self,
        client_id: int,
        conditions: list[Condition],
        diagnosis_ids: list[int],
        effective: date,
        status: str,
        sessions: list[_Slot],
    ) -> tuple[int, bool, list[_GoalState], dict[str, Any]]:
        rng = self.rng
        primary = conditions[0]
        signed = rng.random() < 0.88
        interval = rng.choice((30, 30, 30, 60, 90))
        created = _at(effective, time(17, 0))
        # Reviews happen at a session once due, most of the time; a missed one stays overdue.
        last_reviewed = None
        due = effective + timedelta(days=interval)
        if signed:
            for day, attendance, _start, _delivery in sessions:
                if attendance is Attendance.ATTENDED and day >= due and rng.random() < 0.85:
                    last_reviewed = day
                    due = day + timedelta(days=interval)
        plan_status = PlanStatus.DRAFT
        if signed:
            plan_status = PlanStatus.COMPLETED if status == "discharged" else PlanStatus.ACTIVE
        supervisor = signed and rng.random() < 0.1
        supervisor_day = min(self.today, effective + timedelta(days=3))
        frequency = rng.choice(
            ("Weekly, 50 minutes", "Weekly, 50 minutes", "Weekly for 12 weeks, then fortnightly")
        )
        plan_id = self._add(
            "treatment_plan",
            {
                "client_id": client_id,
                "version": 1,
                "supersedes_id": None,
                "status": plan_status,
                "effective_date": effective,
                "review_interval_days": interval,
                "next_review_date": due,
                "last_reviewed_on": last_reviewed,
                "strengths": "; ".join(rng.sample(_STRENGTHS, rng.randint(2, 3))),
                "barriers": "; ".join(rng.sample(_BARRIERS, rng.randint(1, 2))),
                "modality": primary.modality,
                "frequency": frequency,
                "participants": "Client and partner" if primary.couples else "Client",
                "discharge_criteria": (
                    "Goals at the expected level (GAS 0 or above) for a month; PHQ-9 below 10 "
                    "and GAD-7 below 8 on two administrations in a row; relapse-prevention plan "
                    "written with the client."
                ),
                "clinician_signed_on": effective if signed else None,
                "client_signed_on": effective if signed and rng.random() < 0.95 else None,
                "supervisor_name": "Dr. Demo Supervisor" if supervisor else "",
                "supervisor_signed_on": supervisor_day if supervisor else None,
                "signed_at": created + timedelta(minutes=20) if signed else None,
                "created_at": created,
                "updated_at": created + timedelta(minutes=20) if signed else created,
            },
        )
        # One problem per diagnosis; 2 to 5 goals in all, at least one per problem.
        goal_total = max(len(conditions), rng.randint(2, 5))
        per_problem = [1] * len(conditions)
        for _ in range(goal_total - len(conditions)):
            per_problem[rng.randrange(len(conditions))] += 1
        used: set[str] = set()
        goals: list[_GoalState] = []
        for position, (condition, diagnosis_id) in enumerate(
            zip(conditions, diagnosis_ids, strict=True)
        ):
            problem_id = self._add(
                "problem",
                {
                    "plan_id": plan_id,
                    "position": position,
                    "statement": condition.problem,
                    "description": self._pick(condition.details),
                },
            )
            self.rows[problem_diagnosis.name].append(
                {"problem_id": problem_id, "diagnosis_id": diagnosis_id}
            )
            choices = [k for k in condition.goals if k not in used]
            rng.shuffle(choices)
            for goal_position, key in enumerate(choices[: per_problem[position]]):
                used.add(key)
                goals.append(
                    self._goal(
                        problem_id, goal_position, GOALS[key], effective, created, draft=not signed
                    )
                )
        info = {
            "modality": primary.modality,
            "frequency": "weekly"
            if frequency.startswith("Weekly,")
            else "weekly, then fortnightly",
            "next_review": due,
            "psychoeducation": primary.psychoeducation,
        }
        return plan_id, signed, goals, info

    def _goal(
        self,
        problem_id: int,
        position: int,
        template: GoalTemplate,
        effective: date,
        created: datetime,
        *,
        draft: bool,
    ) -> _GoalState:
        rng = self.rng
        target_date = effective + timedelta(days=rng.choice((90, 120, 180, 270)))
        priority = rng.choice((1, 2, 2, 3, 3, 3, 4))
        # A draft plan is still being shaped: now and then a goal moves up the list.
        reprioritised = draft and priority == 3 and rng.random() < 0.3
        goal_id = self._add(
            "goal",
            {
                "problem_id": problem_id,
                "position": position,
                "statement": template.statement,
                "client_words": template.client_words,
                "category": template.category,
                "horizon": template.horizon,
                "kind": template.kind,
                "measure_name": template.measure,
                "measure_unit": template.unit,
                "baseline": float(template.baseline),
                "target": float(template.target),
                "direction": template.direction,
                "target_date": target_date,
                "status": GoalStatus.ACTIVE,
                "priority": 2 if reprioritised else priority,
                "gas_much_less": template.gas[0],
                "gas_less": template.gas[1],
                "gas_expected": template.gas[2],
                "gas_more": template.gas[3],
                "gas_much_more": template.gas[4],
                "weight": float(rng.choice((1, 1, 1, 2))),
                "created_at": created,
                "updated_at": created,
            },
        )
        if reprioritised:
            self._add(
                "goal_revision",
                {
                    "goal_id": goal_id,
                    "changed_at": created + timedelta(days=7),
                    "field": "priority",
                    "old_value": "3",
                    "new_value": "2",
                    "reason": "Client named this as the most pressing goal at the review.",
                },
            )
        for index, statement in enumerate(
            rng.sample(template.objectives, min(len(template.objectives), rng.randint(1, 2)))
        ):
            self._add(
                "objective",
                {
                    "goal_id": goal_id,
                    "position": index,
                    "statement": statement,
                    "target_date": effective + timedelta(days=28 * (index + 1) + 14),
                    "status": GoalStatus.ACTIVE,
                },
            )
        picked = rng.sample(template.interventions, min(len(template.interventions), 2))
        for index, (description, modality, frequency) in enumerate(picked[: rng.randint(1, 2)]):
            self._add(
                "intervention",
                {
                    "goal_id": goal_id,
                    "position": index,
                    "description": description,
                    "modality": modality,
                    "frequency": frequency,
                },
            )
        return _GoalState(template, goal_id, rng.uniform(0.75, 1.35), float(template.baseline))

    # ------------------------------------------------------------------ sessions and notes
    def _history(
        self,
        client_id: int,
        plan_id: int,
        plan_signed: bool,
        goals: list[_GoalState],
        plan_info: dict[str, Any],
        conditions: list[Condition],
        sessions: list[_Slot],
        effective: date,
        pattern: str,
    ) -> None:
        rng = self.rng
        primary = conditions[0]
        note_format = rng.choices((NoteFormat.SOAP, NoteFormat.DAP, NoteFormat.BIRP), (50, 30, 20))[
            0
        ]
        long_sessions = rng.random() < 0.3
        course_days = max(60, (sessions[-1][0] - effective).days) * rng.uniform(0.9, 1.6)
        starts = {
            Instrument.PHQ9: rng.randint(*primary.phq9),
            Instrument.GAD7: rng.randint(*primary.gad7),
        }
        best = {i: s * rng.uniform(0.2, 0.45) for i, s in starts.items()}
        homework = ""
        attended_count = 0
        next_measure = 0
        early_win = rng.random() < 0.3
        for index, (day, attendance, start, delivery) in enumerate(sessions):
            intake = index == 0
            couples = primary.couples and not intake
            duration = 60 if intake or long_sessions else 50
            if intake:
                cpt = "90791"
            elif couples:
                cpt = "90847"
            else:
                cpt = "90837" if duration >= 53 else "90834"
            begun = _at(day, start)
            encounter_id = self._add(
                "encounter",
                {
                    "client_id": client_id,
                    "plan_id": plan_id if day >= effective and not intake else None,
                    "session_date": day,
                    "start_time": start,
                    "duration_minutes": duration,
                    "session_type": SessionType.INTAKE
                    if intake
                    else (SessionType.COUPLE if couples else SessionType.INDIVIDUAL),
                    "attendance": attendance,
                    "delivery": delivery,
                    "cpt_code": cpt if attendance is Attendance.ATTENDED else "",
                    "created_at": begun - timedelta(days=7 if index else 2),
                },
            )
            if attendance is not Attendance.ATTENDED:
                continue
            x = max(0.0, (day - effective).days / course_days)
            measured: dict[Instrument, tuple[int, str, int]] = {}
            if attended_count == next_measure or (
                index == len(sessions) - 1 and attended_count > next_measure - 2
            ):
                for instrument in (Instrument.PHQ9, Instrument.GAD7):
                    measured[instrument] = self._measure(
                        client_id, encounter_id, instrument, day, begun, x, pattern,
                        starts[instrument], best[instrument],
                    )  # fmt: skip
                next_measure = attended_count + rng.choice((3, 4, 4, 4, 5))
            attended_count += 1
            ended = begun + timedelta(minutes=duration)
            signed = (self.today - day).days > 2 and rng.random() < 0.97
            if (self.today - day).days > 14:
                signed = signed or plan_signed
            signed_at = ended + timedelta(hours=rng.randint(1, 6)) if signed else None
            item9 = measured.get(Instrument.PHQ9, (0, "", 0))[2]
            risk = (
                RiskLevel.NONE
                if item9 == 0
                else (RiskLevel.LOW if item9 == 1 else RiskLevel.MODERATE)
            )
            if intake or not goals:
                sections, focus_state, trend = (
                    self._intake_note(note_format, conditions, goals, delivery, measured, risk),
                    None,
                    "flat",
                )
                new_homework = "Notice and jot down moments when the difficulty shows up"
                updates: list[tuple[_GoalState, float, int, ProgressRating]] = []
            else:
                updates = self._goal_updates(goals, attended_count, x, pattern)
                focus_state, value, _gas, rating = updates[0]
                trend = {
                    ProgressRating.IMPROVING: "up",
                    ProgressRating.ACHIEVED: "up",
                    ProgressRating.NO_CHANGE: "flat",
                    ProgressRating.WORSENING: "down",
                }[rating]
                new_homework = self._pick(focus_state.template.homework)
                sections = self._progress_note(
                    note_format,
                    focus_state.template,
                    value,
                    trend,
                    homework,
                    delivery,
                    measured,
                    risk,
                    plan_info,
                )
            homework = new_homework
            next_steps = self._next_steps(focus_state, day, plan_info, attended_count, next_measure)
            note_id = self._add(
                "progress_note",
                {
                    "encounter_id": encounter_id,
                    "format": note_format,
                    "sections": sections,
                    "risk_level": risk,
                    "safety_note": _SAFETY_NOTE.get(risk, ""),
                    "homework": homework,
                    "next_steps": next_steps,
                    "signed_at": signed_at,
                    "signed_by": CLINICIAN if signed else "",
                    "locked": signed,
                    "created_at": ended,
                    "updated_at": signed_at or ended,
                },
            )
            if signed_at is not None and rng.random() < 0.03:
                self._add(
                    "addendum",
                    {
                        "note_id": note_id,
                        "written_at": signed_at + timedelta(days=rng.randint(1, 4)),
                        "author": CLINICIAN,
                        "text": self._pick(_ADDENDA),
                    },
                )
            if rng.random() < 0.06:
                self._add(
                    "psychotherapy_note",
                    {
                        "encounter_id": encounter_id,
                        "text": self._pick(_PRIVATE_NOTES),
                        "created_at": ended,
                        "updated_at": ended,
                    },
                )
            for state, value, gas, rating in updates:
                self._add(
                    "goal_progress",
                    {
                        "note_id": note_id,
                        "goal_id": state.goal_id,
                        "rating": rating,
                        "gas_score": gas,
                        "observed_value": value,
                        "comment": self._pick(_COMMENTS[rating]),
                    },
                )
                if gas >= 0 and not state.reached:
                    state.reached = True
                    if rng.random() < 0.6:
                        self._milestone(
                            client_id,
                            state.goal_id,
                            note_id,
                            day,
                            ended,
                            self._pick(state.template.milestones),
                        )
            if early_win and attended_count == 3:
                self._milestone(client_id, None, note_id, day, ended, self._pick(_EARLY_WINS))

    def _milestone(
        self,
        client_id: int,
        goal_id: int | None,
        note_id: int,
        day: date,
        when: datetime,
        text: str,
    ) -> None:
        self._add(
            "milestone",
            {
                "client_id": client_id,
                "goal_id": goal_id,
                "note_id": note_id,
                "achieved_on": day,
                "description": text,
                "created_at": when,
            },
        )

    def _goal_updates(
        self, goals: list[_GoalState], attended_count: int, x: float, pattern: str
    ) -> list[tuple[_GoalState, float, int, ProgressRating]]:
        """The goals worked on this session (one in focus, sometimes another) and how each went."""
        rng = self.rng
        focus = goals[attended_count % len(goals)]
        worked = [focus]
        others = [g for g in goals if g is not focus]
        if others and rng.random() < 0.5:
            worked.append(others[rng.randrange(len(others))])
        updates = []
        for state in worked:
            t = state.template
            fraction = _improvement(pattern, x * state.speed) + rng.gauss(0, 0.12)
            if pattern == "improving" and rng.random() < 0.08:
                fraction -= 0.35  # a bad week now and then
            raw = t.baseline + (t.target - t.baseline) * fraction
            value = min(t.highest, max(0.0, round(round(raw / t.step) * t.step, 2)))
            if t.cumulative:
                value = max(value, state.last)
            gas = t.gas_score(value)
            toward = (
                (state.last - value) if t.direction is Direction.DECREASE else (value - state.last)
            )
            if gas >= 0:
                rating = ProgressRating.ACHIEVED
            elif toward >= t.step:
                rating = ProgressRating.IMPROVING
            elif toward <= -t.step:
                rating = ProgressRating.WORSENING
            else:
                rating = ProgressRating.NO_CHANGE
            state.last = value
            updates.append((state, value, gas, rating))
        return updates

    def _measure(
        self,
        client_id: int,
        encounter_id: int,
        instrument: Instrument,
        day: date,
        when: datetime,
        x: float,
        pattern: str,
        start: int,
        best: float,
    ) -> tuple[int, str, int]:
        """One PHQ-9 or GAD-7, answers drawn to fit the trend and scored like a real one."""
        rng = self.rng
        items = 9 if instrument is Instrument.PHQ9 else 7
        ceiling = 3 * items
        wanted = start - (start - best) * _improvement(pattern, x) + rng.gauss(0, 1.3)
        total = min(ceiling, max(0, round(wanted)))
        answers = [0] * items
        if instrument is Instrument.PHQ9 and total >= 14 and rng.random() < 0.12:
            answers[8] = 1 if total < 20 or rng.random() < 0.7 else 2
        weights = (
            (3, 3, 3, 3, 2, 2, 2, 1) if instrument is Instrument.PHQ9 else (3, 3, 3, 2, 1, 2, 2)
        )
        open_items = list(range(len(weights)))
        remaining = min(total - sum(answers), 3 * len(open_items))
        while remaining > 0:
            candidates = [i for i in open_items if answers[i] < 3]
            pick = rng.choices(candidates, [weights[i] for i in candidates])[0]
            answers[pick] += 1
            remaining -= 1
        result = score(instrument, answers)
        self._add(
            "measure_administration",
            {
                "client_id": client_id,
                "encounter_id": encounter_id,
                "instrument": instrument,
                "custom_measure_id": None,
                "administered_on": day,
                "answers": list(result.answers),
                "total": float(result.total),
                "band": result.band,
                "item9_flag": result.item9_flag,
                "created_at": when + timedelta(minutes=5),
            },
        )
        return result.total, result.band, answers[8] if instrument is Instrument.PHQ9 else 0

    # ------------------------------------------------------------------ note text
    @staticmethod
    def _measure_line(measured: dict[Instrument, tuple[int, str, int]]) -> str:
        parts = [
            f"{instrument.label} total {total} ({band.lower()})"
            for instrument, (total, band, _item9) in measured.items()
        ]
        return ("; ".join(parts) + ".") if parts else ""

    def _risk_line(self, risk: RiskLevel) -> str:
        if risk is RiskLevel.NONE:
            return self._pick(_RISK_NONE)
        return _RISK_TEXT[risk].format(protective=self._pick(_PROTECTIVE))

    @staticmethod
    def _join(*sentences: str) -> str:
        return " ".join(s for s in sentences if s)

    def _intake_note(
        self,
        note_format: NoteFormat,
        conditions: list[Condition],
        goals: list[_GoalState],
        delivery: Delivery,
        measured: dict[Instrument, tuple[int, str, int]],
        risk: RiskLevel,
    ) -> dict[str, str]:
        primary = conditions[0]
        wish = goals[0].template.client_words if goals else "to feel more like myself"
        story = self._join(
            f"Intake assessment. {self._pick(primary.details)}",
            f'Hopes for therapy, in the client\'s words: "{wish}"',
        )
        presentation = self._join(
            self._pick(_PRESENTATION[delivery]),
            self._pick(_AFFECT_LINE).format(
                affect=self._pick(_AFFECT["down"]), mood=self._pick(_MOOD_WORDS["down"])
            ),
            self._pick(_MENTAL_STATUS),
        )
        measures = self._measure_line(measured)
        impression = self._join(
            "Presentation consistent with "
            + "; ".join(f"{c.description} ({c.code})" for c in conditions)
            + ".",
            self._risk_line(risk),
        )
        plan = self._join(
            f"Offered {_lower_first(primary.modality)}; client agreed to weekly sessions.",
            "Treatment plan to be written together next session.",
            f"Gave written information on {primary.psychoeducation}.",
        )
        if note_format is NoteFormat.SOAP:
            return {
                "subjective": story,
                "objective": self._join(presentation, measures),
                "assessment": impression,
                "plan": plan,
            }
        if note_format is NoteFormat.DAP:
            return {
                "data": self._join(story, presentation, measures),
                "assessment": impression,
                "plan": plan,
            }
        return {
            "behavior": self._join(presentation, story),
            "intervention": self._join(
                "Biopsychosocial assessment and risk screen; explained confidentiality and its "
                "limits.",
                measures,
            ),
            "response": "Engaged openly and asked about the treatment approach. " + impression,
            "plan": plan,
        }

    def _progress_note(
        self,
        note_format: NoteFormat,
        template: GoalTemplate,
        value: float,
        trend: str,
        last_homework: str,
        delivery: Delivery,
        measured: dict[Instrument, tuple[int, str, int]],
        risk: RiskLevel,
        plan_info: dict[str, Any],
    ) -> dict[str, str]:
        rng = self.rng
        shown = _number(value)
        fill = {
            "report": template.report.format(v=shown, s="" if value == 1 else "s"),
            "stressor": self._pick(_STRESSORS),
            "homework": _lower_first(last_homework) if last_homework else "",
            "focus": template.focus,
            "Focus": template.focus[0].upper() + template.focus[1:],
            "now": template.value_text.format(v=shown),
            "then": template.value_text.format(v=_number(template.baseline)),
            "technique": _lower_first(self._pick([i[0] for i in template.interventions])),
            "psychoeducation": plan_info["psychoeducation"],
            "modality": _lower_first(plan_info["modality"]),
            "frequency": plan_info["frequency"],
            "next": _lower_first(self._pick([i[0] for i in template.interventions])),
        }
        subjective = self._join(
            self._pick(_SUBJECTIVE_OPEN).format(**fill),
            self._pick(_SUBJECTIVE_TREND[trend]).format(**fill),
            self._pick(_HOMEWORK_FEEDBACK).format(**fill) if last_homework else "",
            f'In the client\'s words: "{self._pick(_QUOTES[trend])}"' if rng.random() < 0.4 else "",
        )
        presentation = self._join(
            self._pick(_PRESENTATION[delivery]),
            self._pick(_AFFECT_LINE).format(
                affect=self._pick(_AFFECT[trend]), mood=self._pick(_MOOD_WORDS[trend])
            ),
            self._pick(_MENTAL_STATUS) if rng.random() < 0.6 else "",
        )
        measures = self._measure_line(measured)
        assessment = self._join(
            self._pick(_ASSESS_PROGRESS[trend]).format(**fill),
            self._pick(_ENGAGEMENT) if rng.random() < 0.5 else "",
            self._risk_line(risk),
        )
        plan = self._join(
            self._pick(_PLAN_CONTINUE).format(**fill), self._pick(_PLAN_NEXT).format(**fill)
        )
        if note_format is NoteFormat.SOAP:
            return {
                "subjective": subjective,
                "objective": self._join(presentation, measures),
                "assessment": assessment,
                "plan": plan,
            }
        if note_format is NoteFormat.DAP:
            return {
                "data": self._join(subjective, presentation, measures),
                "assessment": assessment,
                "plan": plan,
            }
        return {
            "behavior": self._join(presentation, subjective),
            "intervention": self._join(self._pick(_INTERVENTION_LINES).format(**fill), measures),
            "response": self._join(self._pick(_RESPONSE[trend]), self._risk_line(risk)),
            "plan": plan,
        }

    def _next_steps(
        self,
        focus: _GoalState | None,
        day: date,
        plan_info: dict[str, Any],
        attended_count: int,
        next_measure: int,
    ) -> str:
        steps = ["Review the homework at the start of the next session."]
        if focus is not None:
            steps.append(f"Continue work on {focus.template.focus}.")
        if next_measure == attended_count:
            steps.append("Repeat PHQ-9 and GAD-7 next session.")
        review: date = plan_info["next_review"]
        if timedelta(0) <= review - day <= timedelta(days=14):
            steps.append(f"Plan review due {review.isoformat()}.")
        return " ".join(steps)


def _insert_order() -> list[Table]:
    """The tables a demo fills, parents first (the metadata's dependency order)."""
    filled = {
        "client",
        "diagnosis",
        "treatment_plan",
        "problem",
        "problem_diagnosis",
        "goal",
        "objective",
        "intervention",
        "goal_revision",
        "encounter",
        "progress_note",
        "psychotherapy_note",
        "addendum",
        "goal_progress",
        "measure_administration",
        "milestone",
    }
    return [t for t in Base.metadata.sorted_tables if t.name in filled]
