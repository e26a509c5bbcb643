"""The Ombudsman's complaint categories, and which of them each type of council can get.

Category names are the Ombudsman's. Subcategories are the ones seen in published decisions
(`lgsco_decisions_sample.csv`, `lgsco_reference_notes.md` section 2) plus a few more areas each
category obviously covers. Weights are our estimates of the mix, not published figures.
"""

from __future__ import annotations

from councils.querysets import AuthorityType

ADULT_CARE = "Adult care services"
BENEFITS = "Benefits and tax"
CHILDREN = "Children's care services"
CORPORATE = "Corporate and other services"
EDUCATION = "Education"
ENVIRONMENT = "Environment and regulation"
HIGHWAYS = "Highways and transport"
HOUSING = "Housing"
PLANNING = "Planning and development"

# Subcategory -> relative weight within its category.
SUBCATEGORIES: dict[str, dict[str, int]] = {
    ADULT_CARE: {
        "Assessment and care plan": 30,
        "Charging": 18,
        "Residential care": 14,
        "Domiciliary care": 12,
        "Safeguarding": 10,
        "Direct payments": 6,
        "Disabled facilities grants": 4,
        "Transition from childrens services": 2,
        "Other": 4,
    },
    BENEFITS: {
        "Council tax": 50,
        "Housing benefit": 20,
        "Council tax support": 15,
        "Business rates": 8,
        "Other": 7,
    },
    CHILDREN: {
        "Child protection": 40,
        "Looked after children": 18,
        "Friends and family carers": 12,
        "Disabled children": 12,
        "Adoption": 4,
        "Other": 14,
    },
    CORPORATE: {
        "Complaint handling": 25,
        "Land": 15,
        "Data protection": 15,
        "Councillor conduct": 10,
        "Leisure and culture": 10,
        "Other": 25,
    },
    EDUCATION: {
        "Special educational needs": 60,
        "School transport": 15,
        "Admissions": 10,
        "Alternative provision": 7,
        "Other": 8,
    },
    ENVIRONMENT: {
        "Refuse and recycling": 25,
        "Antisocial behaviour": 15,
        "Noise": 12,
        "Licensing": 10,
        "Drainage": 8,
        "Trees": 8,
        "Pollution": 6,
        "Cemeteries and crematoria": 4,
        "Other": 12,
    },
    HIGHWAYS: {
        "Highway maintenance": 30,
        "Parking and other penalties": 30,
        "Traffic management": 15,
        "Public transport": 8,
        "Highway adoption": 5,
        "Other": 12,
    },
    HOUSING: {
        "Homelessness": 40,
        "Allocations": 30,
        "Council house repairs": 15,
        "Private housing": 7,
        "Other": 8,
    },
    PLANNING: {
        "Planning applications": 65,
        "Enforcement": 20,
        "Building control": 5,
        "Other": 10,
    },
}

# Councils that run every service.
_SINGLE_TIER = {
    ADULT_CARE: 15,
    BENEFITS: 8,
    CORPORATE: 6,
    EDUCATION: 12,
    CHILDREN: 10,
    ENVIRONMENT: 10,
    HIGHWAYS: 8,
    HOUSING: 17,
    PLANNING: 14,
}
# Category -> weight, per type. Counties have no housing or council tax, and decide only
# minerals, waste and their own schemes in planning; districts have no social care or schools.
CATEGORY_WEIGHTS: dict[str, dict[str, int]] = {
    AuthorityType.UNITARY: _SINGLE_TIER,
    AuthorityType.METROPOLITAN_BOROUGH: _SINGLE_TIER,
    AuthorityType.LONDON_BOROUGH: _SINGLE_TIER,
    AuthorityType.COUNTY: {
        ADULT_CARE: 33,
        EDUCATION: 28,
        CHILDREN: 20,
        HIGHWAYS: 12,
        ENVIRONMENT: 3,
        CORPORATE: 3,
        PLANNING: 1,
    },
    AuthorityType.DISTRICT: {
        HOUSING: 34,
        PLANNING: 27,
        ENVIRONMENT: 17,
        BENEFITS: 12,
        CORPORATE: 6,
        HIGHWAYS: 4,
    },
}
# Subcategories a type of council does not handle, though it handles the category.
EXCLUDED_SUBCATEGORIES: dict[str, dict[str, set[str]]] = {
    AuthorityType.COUNTY: {
        # Disabled facilities grants are paid by the housing authority, the district.
        ADULT_CARE: {"Disabled facilities grants"},
        ENVIRONMENT: {"Noise", "Licensing", "Antisocial behaviour", "Cemeteries and crematoria"},
        PLANNING: {"Planning applications", "Enforcement", "Building control"},
    },
    AuthorityType.DISTRICT: {
        # Districts run car parks and, in some areas, parking enforcement; the roads are the
        # county's.
        HIGHWAYS: {
            "Highway maintenance",
            "Traffic management",
            "Public transport",
            "Highway adoption",
        },
    },
}


def category_table(authority_type: str) -> tuple[list[tuple[str, str]], list[float]]:
    """Every (category, subcategory) a type of council can get, with cumulative weights for
    `random.Random.choices(..., cum_weights=...)`."""
    pairs: list[tuple[str, str]] = []
    cumulative: list[float] = []
    total = 0.0
    excluded = EXCLUDED_SUBCATEGORIES.get(authority_type, {})
    for category, category_weight in CATEGORY_WEIGHTS[authority_type].items():
        subs = {
            name: weight
            for name, weight in SUBCATEGORIES[category].items()
            if name not in excluded.get(category, set())
        }
        sub_total = sum(subs.values())
        for name, weight in subs.items():
            total += category_weight * weight / sub_total
            pairs.append((category, name))
            cumulative.append(total)
    return pairs, cumulative
