"""Summaries and recommendation wording for the sample decisions, written for this project.

Everything here is our own plain-English template text about fictional complainants ("Mrs X",
"Mr Y"); none of it is taken from the Ombudsman's decisions. Placeholders: {who} the complainant,
{pos} her/his/their, {obj} her/him/them, {sub} she/he/they.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .categories import (
    ADULT_CARE,
    BENEFITS,
    CHILDREN,
    CORPORATE,
    EDUCATION,
    ENVIRONMENT,
    HIGHWAYS,
    HOUSING,
    PLANNING,
)

_LETTERS = "BCDFGHJKLMNPRSTVWXYZ"
# (title, subject, object, possessive)
_PEOPLE = [
    ("Mrs", "she", "her", "her"),
    ("Ms", "she", "her", "her"),
    ("Miss", "she", "her", "her"),
    ("Mr", "he", "him", "his"),
    ("Mr", "he", "him", "his"),
    ("Mr and Mrs", "they", "them", "their"),
]


@dataclass(frozen=True)
class Person:
    who: str
    sub: str
    obj: str
    pos: str

    def fill(self, template: str, **extra: str) -> str:
        return template.format(who=self.who, sub=self.sub, obj=self.obj, pos=self.pos, **extra)


def person_pick(rng: random.Random) -> Person:
    title, sub, obj, pos = rng.choice(_PEOPLE)
    return Person(f"{title} {rng.choice(_LETTERS)}", sub, obj, pos)


# What the complaint was about, by subcategory; "Other" falls back to the category's list.
ISSUES: dict[str, list[str]] = {
    "Assessment and care plan": [
        "how long the council took to assess {pos} care needs",
        "a care plan that left out support {sub} had asked for",
    ],
    "Charging": [
        "the way the council worked out what {sub} should pay towards care",
        "an unexpected bill for care charges",
    ],
    "Residential care": [
        "the standard of care in a care home the council arranged",
        "how a move into a care home was handled",
    ],
    "Domiciliary care": [
        "missed and late visits by home carers",
        "the council's decision to cut {pos} home care hours",
    ],
    "Safeguarding": ["how the council handled a safeguarding concern about a relative"],
    "Direct payments": ["delays in setting up direct payments for {pos} care"],
    "Disabled facilities grants": ["delays with a grant to adapt {pos} home"],
    "Transition from childrens services": [
        "poor planning for {pos} son's move from children's to adult social care"
    ],
    "Council tax": [
        "the council's recovery of council tax arrears",
        "a council tax bill {sub} believed was wrong",
    ],
    "Housing benefit": ["how the council worked out an overpayment of housing benefit"],
    "Council tax support": ["the council's decision to stop {pos} council tax reduction"],
    "Business rates": ["the rates bill for {pos} small business premises"],
    "Child protection": [
        "how the council carried out a child protection enquiry about {pos} family",
        "the accuracy of a social worker's report about {pos} children",
    ],
    "Looked after children": ["the support given to a child in the council's care"],
    "Friends and family carers": [
        "the council's refusal to pay an allowance for caring for a grandchild"
    ],
    "Disabled children": ["delays in assessing {pos} disabled child for short breaks"],
    "Adoption": ["the council's handling of an adoption assessment"],
    "Complaint handling": ["the council's slow and incomplete replies to {pos} complaint"],
    "Land": ["the council's management of land next to {pos} home"],
    "Data protection": ["the council sharing {pos} personal details by mistake"],
    "Councillor conduct": ["how the council dealt with {pos} complaint about a councillor"],
    "Leisure and culture": ["the council's decision to close a community facility {sub} used"],
    "Special educational needs": [
        "delays in issuing an education, health and care plan for {pos} son",
        "the council's failure to arrange the provision in {pos} daughter's plan",
        "how long the council took to review {pos} child's plan",
    ],
    "School transport": ["the council's refusal of free school transport for {pos} child"],
    "Admissions": ["the way an admission appeal for {pos} child was run"],
    "Alternative provision": ["the education {pos} child received while out of school"],
    "Refuse and recycling": [
        "repeatedly missed bin collections",
        "the council's refusal to offer {obj} an assisted bin collection",
    ],
    "Antisocial behaviour": ["the council's response to {pos} reports of antisocial behaviour"],
    "Noise": ["how the council investigated noise from a neighbouring property"],
    "Licensing": ["the council's decision to grant a licence to premises near {pos} home"],
    "Drainage": ["flooding to {pos} property and the council's response"],
    "Trees": ["the council's handling of a tree that overhangs {pos} garden"],
    "Pollution": ["the council's response to smoke and smells near {pos} home"],
    "Cemeteries and crematoria": ["the upkeep of a family grave in a council cemetery"],
    "Highway maintenance": ["the council's delay in repairing the road outside {pos} home"],
    "Parking and other penalties": ["how the council dealt with {pos} challenge to a parking fine"],
    "Traffic management": ["the council's decision on a traffic scheme in {pos} street"],
    "Public transport": ["the council's handling of {pos} application for a bus pass"],
    "Highway adoption": ["the council's delay in adopting the road on {pos} estate"],
    "Homelessness": [
        "how the council dealt with {pos} homelessness application",
        "the suitability of the temporary accommodation the council gave {obj}",
    ],
    "Allocations": [
        "the priority band the council gave {pos} housing application",
        "the council's assessment of {pos} medical need for rehousing",
    ],
    "Council house repairs": ["the council's delay in repairing damp in {pos} council flat"],
    "Private housing": ["the council's response to disrepair in {pos} rented home"],
    "Planning applications": [
        "the council's decision to approve building work next to {pos} home",
        "how the council considered the effect of a new development on {pos} privacy",
    ],
    "Enforcement": ["the council's failure to act on a breach of planning control near {obj}"],
    "Building control": ["how the council inspected building work at {pos} property"],
}
CATEGORY_ISSUES: dict[str, list[str]] = {
    ADULT_CARE: ["the care and support the council arranged for {pos} mother"],
    BENEFITS: ["how the council dealt with {pos} account"],
    CHILDREN: ["the council's involvement with {pos} family"],
    CORPORATE: ["the way the council dealt with {pos} enquiries"],
    EDUCATION: ["the council's handling of {pos} child's education"],
    ENVIRONMENT: ["the council's response to {pos} reports of a problem in {pos} street"],
    HIGHWAYS: ["the council's handling of a highways matter {sub} reported"],
    HOUSING: ["how the council dealt with {pos} housing situation"],
    PLANNING: ["the council's handling of a planning matter near {pos} home"],
}
# What providing a service means in each category: the recommendation, the same in a few words
# for the summary, and the decision a council can be asked to look at again.
CATEGORY_WORDS: dict[str, tuple[str, str, str]] = {
    ADULT_CARE: (
        "Arrange the care and support set out in {who}'s assessment within four weeks.",
        "arrange the care set out in the assessment",
        "assessment of {pos} needs",
    ),
    BENEFITS: (
        "Send {who} a corrected bill and refund any overpayment.",
        "correct the bill",
        "decision on {pos} account",
    ),
    CHILDREN: (
        "Put in place the support for the family set out in the assessment.",
        "put in place the support for the family",
        "assessment of the family",
    ),
    CORPORATE: (
        "Send {who} a full reply to the points the council missed.",
        "send a full reply",
        "decision",
    ),
    EDUCATION: (
        "Arrange the provision in {pos} child's plan without further delay.",
        "arrange the provision in the plan",
        "decision on {pos} child's support",
    ),
    ENVIRONMENT: (
        "Put right the service failure {who} reported within four weeks.",
        "put right the service failure",
        "decision",
    ),
    HIGHWAYS: (
        "Carry out the repair {who} reported within six weeks.",
        "carry out the repair",
        "decision",
    ),
    HOUSING: (
        "Offer {who} suitable accommodation as soon as possible.",
        "offer suitable accommodation",
        "decision on {pos} application",
    ),
    PLANNING: (
        "Visit the site and write to {who} with what the council found.",
        "visit the site",
        "decision",
    ),
}

_FAULT = [
    "We found fault in how the council dealt with this.",
    "The council was at fault and this caused {obj} avoidable distress.",
    "The council delayed without good reason, which left {obj} in uncertainty.",
    "The council did not follow its own procedure.",
    "The council did not keep proper records or explain its reasons.",
]
_NO_FAULT = [
    "We did not find fault in how the council reached its decision.",
    "The council followed the right procedure, so we found no fault.",
    "We found the council acted properly.",
]
_CLOSED = [
    "There is not enough sign of fault to justify an investigation.",
    "The complaint came to us too late and there is no good reason to look at it now.",
    "An investigation would be unlikely to lead to a different outcome.",
    "The council has already given a fair answer, so an investigation would add nothing.",
]
# Where the law gives another route, that is often the reason not to investigate.
_APPEAL = {
    "Special educational needs": "{who} could appeal to the tribunal, so it is not for us.",
    "Council tax": "A valuation tribunal can decide this, so it is not for us.",
    "Council tax support": "A valuation tribunal can decide this, so it is not for us.",
    "Housing benefit": "It was reasonable for {obj} to appeal to a tribunal instead.",
    "Business rates": "A valuation tribunal can decide this, so it is not for us.",
    "Parking and other penalties": "{who} could appeal to the parking adjudicator instead.",
    "Homelessness": "{who} could ask for a review and then appeal to the county court.",
    "Planning applications": "The development does not affect {obj} enough for us to investigate.",
}
_REFERRED = [
    "{who} came to us about {issue} before the council had a chance to answer. "
    "We passed the complaint back to the council to respond first.",
    "{who} complained to us about {issue} without first finishing the council's complaints "
    "process. We have asked the council to deal with it.",
]
_ADVICE = [
    "We gave {who} advice about {issue} and where to take it.",
    "{who} asked us about {issue}. We explained how {sub} could take it further.",
]
_INCOMPLETE = [
    "We could not go on with {who}'s complaint about {issue} because we did not get the "
    "information we asked for.",
    "{who} withdrew {pos} complaint about {issue}.",
    "We could not consider {who}'s complaint about {issue}: it did not say what the council "
    "had done wrong.",
]
_REMEDIED = (
    "The council had already accepted it got things wrong and offered a suitable remedy, "
    "so we did not need to ask it to do more."
)
_NO_INJUSTICE = (
    "The fault did not cause {obj} a significant injustice, so we did not ask the council "
    "to do more."
)
_REPORT = "We have issued a public report because the faults may have affected others too."


def _issue(rng: random.Random, person: Person, category: str, subcategory: str) -> str:
    options = ISSUES.get(subcategory) or CATEGORY_ISSUES[category]
    return person.fill(rng.choice(options))


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _remedy_phrase(kind: str, amount: float | None, person: Person, category: str) -> str:
    _, service, decision = CATEGORY_WORDS[category]
    if kind == "financial_redress":
        return f"pay {person.obj} £{amount:,.0f}"
    if kind == "reconsider_decision":
        return "look again at its " + person.fill(decision)
    return {
        "apology": "apologise",
        "provide_service": service,
        "other_personal": "take further steps to put things right",
        "procedure_change": "change its procedures",
        "training": "train its staff",
        "other_improvement": "check whether others were affected",
    }[kind]


def summary_write(
    rng: random.Random,
    *,
    person: Person,
    outcome: str,
    category: str,
    subcategory: str,
    remedied: bool = False,
    report: bool = False,
    recommendations: list[tuple[str, float | None]] = (),
) -> str:
    """A two- or three-sentence summary of a decision; `recommendations` as (kind, amount)."""
    issue = _issue(rng, person, category, subcategory)
    opening = f"{person.who} complained about {issue}."
    if outcome == "upheld":
        if remedied:
            return f"{opening} {_REMEDIED}"
        fault = person.fill(rng.choice(_FAULT))
        if not recommendations:
            return f"{opening} {fault} {person.fill(_NO_INJUSTICE)}"
        seen: list[str] = []
        for kind, amount in recommendations:
            phrase = _remedy_phrase(kind, amount, person, category)
            if phrase not in seen:
                seen.append(phrase)
        text = f"{opening} {fault} The council has agreed to {_join(seen)}."
        return f"{text} {_REPORT}" if report else text
    if outcome == "not_upheld":
        return f"{opening} {rng.choice(_NO_FAULT)}"
    if outcome == "closed_after_initial_enquiries":
        reasons = _CLOSED + [_APPEAL[subcategory]] * 3 if subcategory in _APPEAL else _CLOSED
        return f"We will not investigate {person.who}'s complaint about {issue}. " + person.fill(
            rng.choice(reasons)
        )
    table = {
        "referred_back_for_local_resolution": _REFERRED,
        "advice_given": _ADVICE,
        "incomplete_or_invalid": _INCOMPLETE,
    }[outcome]
    return person.fill(rng.choice(table), issue=issue)


_DESCRIPTIONS: dict[str, list[str]] = {
    "apology": [
        "Apologise to {who} in writing for the faults we found.",
        "Write to {who} to apologise for the distress and uncertainty caused.",
        "Apologise to {who} for the delay in dealing with {pos} case.",
    ],
    "financial_redress": [
        "Pay {who} £{amount} for the distress caused.",
        "Pay {who} £{amount} for the time and trouble of pursuing the complaint.",
        "Pay {who} £{amount} to make up for what {sub} missed out on.",
    ],
    "provide_service": ["{service}"],
    "reconsider_decision": [
        "Look again at the {decision} without the faults we found, and tell {who} the result.",
        "Reconsider the {decision} and write to {who} with the outcome and the reasons.",
    ],
    "other_personal": [
        "Correct the council's records about {who}'s case.",
        "Meet {who} to agree the next steps and confirm them in writing.",
    ],
    "procedure_change": [
        "Review how it handles {area} and change the procedure where it falls short.",
        "Update its guidance on {area} so that decisions and reasons are recorded.",
        "Set and publish time limits for dealing with {area}.",
    ],
    "training": [
        "Remind staff who deal with {area} of the time limits that apply.",
        "Give the staff who deal with {area} training on the law and guidance.",
    ],
    "other_improvement": [
        "Check whether others were affected in the same way and put things right for them.",
        "Report our findings to the relevant committee of councillors.",
        "Tell us what it has done to stop the same faults happening again.",
    ],
}
_AREA_WORDS = {"Transition from childrens services": "transition from children's services"}
# The area a service improvement covers when the subcategory is just "Other".
_OTHER_AREA = {
    ADULT_CARE: "adult social care cases",
    BENEFITS: "council tax and benefit cases",
    CHILDREN: "children's social care cases",
    CORPORATE: "enquiries and complaints",
    EDUCATION: "education cases",
    ENVIRONMENT: "residents' reports",
    HIGHWAYS: "highways reports",
    HOUSING: "housing cases",
    PLANNING: "planning cases",
}


def description_write(
    rng: random.Random,
    *,
    person: Person,
    kind: str,
    category: str,
    subcategory: str,
    amount: float | None = None,
) -> str:
    """What the council is asked to do, in one sentence."""
    service, _, decision = CATEGORY_WORDS[category]
    if subcategory == "Other":
        area = _OTHER_AREA[category]
    else:
        area = _AREA_WORDS.get(subcategory, subcategory.lower())
    return person.fill(
        rng.choice(_DESCRIPTIONS[kind]),
        amount=f"{amount:,.0f}" if amount is not None else "",
        service=person.fill(service),
        decision=person.fill(decision),
        area=area,
    )
