"""Dose and interaction tables of the medicine pack (demonstration data, NOT medical advice).

Values are common textbook values written for this project from public references (FDA labels on
DailyMed, the BNF, FDA OTC Drug Facts labels, Stockley-style interaction references); each row
names the reference its value comes from. Where the references disagree (e.g. BNF 2.4 g vs FDA
3.2 g for prescription ibuprofen) the row keeps the one cited and the claims avoid the other.
Adult, oral doses unless the qualifiers say otherwise. Class-level rows (``nsaid``, ``maoi``)
apply to every member through ``is_a``.

An interaction row with severity ``contraindicated`` between two drugs (or drug classes) becomes
both an ``interacts_with`` and a ``contraindicated_with`` fact.

>>> any(row.subject == "acetaminophen" and row.value == 4 and row.unit == "g/day" for row in DOSES)
True
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["DOSES", "INTERACTIONS", "DoseRow", "InteractionRow", "LinkRow", "bnf", "fda"]


class DoseRow(NamedTuple):
    subject: str
    relation: str  # max_daily_dose | max_single_dose
    value: float
    unit: str
    qualifiers: dict[str, str]
    citation: str


class InteractionRow(NamedTuple):
    a: str
    b: str
    effect: str
    severity: str  # contraindicated | major | moderate
    citation: str


class LinkRow(NamedTuple):
    subject: str
    object: str
    citation: str
    qualifiers: dict[str, str] = {}


def fda(label: str, section: str) -> str:
    """A citation of an FDA label section on DailyMed."""
    return f"FDA label (DailyMed), {label}: {section}"


def bnf(monograph: str, section: str) -> str:
    """A citation of a BNF monograph section."""
    return f"BNF, {monograph}: {section}"


def _stk(pair: str) -> str:
    return f"Stockley's Drug Interactions, {pair}"


_ADULT = "adults"
_OTC_AD = {"population": _ADULT, "availability": "otc", "route": "oral"}
_RX_AD = {"population": _ADULT, "availability": "prescription", "route": "oral"}
_DOSING = "Dosage and Administration"
_OTC_LABEL = "FDA OTC Drug Facts label"


def _max(subject: str, value: float, unit: str, citation: str, **qualifiers: str) -> DoseRow:
    base = dict(_OTC_AD if qualifiers.pop("otc", "") else _RX_AD)
    base.update(qualifiers)
    return DoseRow(subject, "max_daily_dose", value, unit, base, citation)


def _single(subject: str, value: float, unit: str, citation: str, **qualifiers: str) -> DoseRow:
    base = dict(_OTC_AD if qualifiers.pop("otc", "") else _RX_AD)
    base.update(qualifiers)
    return DoseRow(subject, "max_single_dose", value, unit, base, citation)


DOSES: tuple[DoseRow, ...] = (
    # analgesics
    _max("acetaminophen", 4, "g/day", f"{_OTC_LABEL} / OTC internal analgesic monograph, acetaminophen",
         otc="1", population="healthy adults"),
    _max("acetaminophen", 4, "g/day", bnf("Paracetamol", "dose (max. 4 g per day)"), population="healthy adults"),
    _single("acetaminophen", 1, "g", f"{_OTC_LABEL}, acetaminophen extra strength (2 x 500 mg)", otc="1"),
    _max("acetaminophen", 75, "mg/kg/day", "Lexicomp Pediatric & Neonatal Dosage Handbook, acetaminophen (oral)",
         otc="1", population="children under 12"),
    _max("ibuprofen", 1200, "mg/day", f"{_OTC_LABEL}, ibuprofen 200 mg (Advil/Motrin IB)", otc="1"),
    _max("ibuprofen", 3200, "mg/day", fda("Motrin (ibuprofen) tablets", _DOSING)),
    _single("ibuprofen", 400, "mg", f"{_OTC_LABEL}, ibuprofen 200 mg (Advil/Motrin IB)", otc="1"),
    _single("ibuprofen", 800, "mg", fda("Motrin (ibuprofen) tablets", _DOSING)),
    _max("ibuprofen", 40, "mg/kg/day", fda("Motrin (ibuprofen) suspension", "pediatric dosing"),
         population="children"),
    _max("naproxen", 660, "mg/day", f"{_OTC_LABEL}, Aleve (naproxen sodium 220 mg)", otc="1",
         population="adults and children 12 years and over", form="naproxen sodium 220 mg"),
    _max("aspirin", 4, "g/day", f"{_OTC_LABEL} / OTC internal analgesic monograph, aspirin", otc="1"),
    _max("diclofenac", 150, "mg/day", bnf("Diclofenac sodium", "dose (max. 150 mg per day)")),
    _max("codeine", 240, "mg/day", bnf("Codeine phosphate", "dose for pain (max. 240 mg per day)")),
    _max("tramadol", 400, "mg/day", fda("Ultram (tramadol)", _DOSING)),
    _max("tramadol", 300, "mg/day", fda("Ultram (tramadol)", "patients over 75 years"), population="adults over 75"),
    # anticoagulant
    _max("dabigatran", 300, "mg/day", fda("Pradaxa (dabigatran etexilate)", "atrial fibrillation, CrCl > 30 mL/min"),
         indication="stroke prevention in atrial fibrillation"),
    # antidepressants
    _max("sertraline", 200, "mg/day", fda("Zoloft (sertraline)", _DOSING)),
    _max("fluoxetine", 80, "mg/day", fda("Prozac (fluoxetine)", _DOSING)),
    _max("citalopram", 40, "mg/day", fda("Celexa (citalopram)", "Dosage and Administration (QT prolongation)")),
    _max("citalopram", 20, "mg/day", fda("Celexa (citalopram)", "patients over 60 years"),
         population="adults over 60"),
    _max("escitalopram", 20, "mg/day", fda("Lexapro (escitalopram)", _DOSING)),
    _max("duloxetine", 120, "mg/day", fda("Cymbalta (duloxetine)", _DOSING)),
    _max("phenelzine", 90, "mg/day", fda("Nardil (phenelzine)", _DOSING)),
    _max("tranylcypromine", 60, "mg/day", fda("Parnate (tranylcypromine)", _DOSING)),
    _max("nortriptyline", 150, "mg/day", fda("Pamelor (nortriptyline)", _DOSING)),
    _max("mirtazapine", 45, "mg/day", fda("Remeron (mirtazapine)", _DOSING)),
    _max("bupropion", 450, "mg/day", fda("Wellbutrin XL (bupropion extended-release)", _DOSING),
         form="extended-release (XL)"),
    _max("bupropion", 400, "mg/day", fda("Wellbutrin SR (bupropion sustained-release)", _DOSING),
         form="sustained-release (SR)"),
    # statins
    _max("simvastatin", 40, "mg/day", fda("Zocor (simvastatin)", "Dosage and Administration (80 mg restricted)"),
         note="80 mg only for patients already tolerating it for 12 months"),
    _max("atorvastatin", 80, "mg/day", fda("Lipitor (atorvastatin)", _DOSING)),
    _max("rosuvastatin", 40, "mg/day", fda("Crestor (rosuvastatin)", _DOSING)),
    _max("pravastatin", 80, "mg/day", fda("Pravachol (pravastatin)", _DOSING)),
    _max("lovastatin", 80, "mg/day", fda("Mevacor (lovastatin)", _DOSING)),
    # antihypertensives
    _max("lisinopril", 80, "mg/day", fda("Zestril (lisinopril)", "hypertension")),
    _max("enalapril", 40, "mg/day", fda("Vasotec (enalapril)", "hypertension")),
    _max("losartan", 100, "mg/day", fda("Cozaar (losartan)", "hypertension")),
    _max("valsartan", 320, "mg/day", fda("Diovan (valsartan)", "hypertension")),
    _max("candesartan", 32, "mg/day", fda("Atacand (candesartan)", "hypertension")),
    _max("irbesartan", 300, "mg/day", fda("Avapro (irbesartan)", "hypertension")),
    _max("atenolol", 100, "mg/day", fda("Tenormin (atenolol)", "hypertension")),
    _max("bisoprolol", 20, "mg/day", fda("Zebeta (bisoprolol)", "hypertension")),
    _max("amlodipine", 10, "mg/day", fda("Norvasc (amlodipine)", _DOSING)),
    _max("verapamil", 480, "mg/day", fda("Calan SR (verapamil)", _DOSING)),
    _max("hydrochlorothiazide", 50, "mg/day", fda("Microzide (hydrochlorothiazide)", "hypertension")),
    _max("amiloride", 20, "mg/day", fda("Midamor (amiloride)", _DOSING)),
    # antibiotics
    _max("clarithromycin", 1000, "mg/day", fda("Biaxin (clarithromycin)", _DOSING)),
    _max("erythromycin", 4, "g/day", fda("Ery-Tab (erythromycin)", "severe infections")),
    _max("ciprofloxacin", 1500, "mg/day", fda("Cipro (ciprofloxacin) tablets", _DOSING)),
    _max("levofloxacin", 750, "mg/day", fda("Levaquin (levofloxacin)", _DOSING)),
    _max("moxifloxacin", 400, "mg/day", fda("Avelox (moxifloxacin)", _DOSING)),
    _max("doxycycline", 200, "mg/day", fda("Vibramycin (doxycycline)", _DOSING)),
    _max("cephalexin", 4, "g/day", fda("Keflex (cephalexin)", _DOSING)),
    _max("linezolid", 1200, "mg/day", fda("Zyvox (linezolid)", _DOSING)),
    # antidiabetics
    _max("metformin", 2550, "mg/day", fda("Glucophage (metformin)", "immediate-release tablets"),
         form="immediate-release"),
    _max("metformin", 2000, "mg/day", fda("Glucophage XR (metformin extended-release)", _DOSING),
         form="extended-release"),
    _max("glipizide", 40, "mg/day", fda("Glucotrol (glipizide)", _DOSING), form="immediate-release"),
    _max("glipizide", 20, "mg/day", fda("Glucotrol XL (glipizide extended-release)", _DOSING),
         form="extended-release"),
    _max("gliclazide", 320, "mg/day", bnf("Gliclazide", "standard-release tablets (max. 320 mg per day)"),
         form="standard-release"),
    _max("sitagliptin", 100, "mg/day", fda("Januvia (sitagliptin)", _DOSING)),
    _max("empagliflozin", 25, "mg/day", fda("Jardiance (empagliflozin)", _DOSING)),
    _max("dapagliflozin", 10, "mg/day", fda("Farxiga (dapagliflozin)", _DOSING)),
    _max("pioglitazone", 45, "mg/day", fda("Actos (pioglitazone)", _DOSING)),
    # PDE5 inhibitors and nitrates
    _max("sildenafil", 100, "mg/day", fda("Viagra (sildenafil)", "erectile dysfunction (max. once daily)"),
         indication="erectile dysfunction"),
    _max("tadalafil", 20, "mg/day", fda("Cialis (tadalafil)", "use as needed for erectile dysfunction"),
         indication="erectile dysfunction"),
    _max("vardenafil", 20, "mg/day", fda("Levitra (vardenafil)", _DOSING), indication="erectile dysfunction"),
    _max("isosorbide_mononitrate", 240, "mg/day", fda("Imdur (isosorbide mononitrate extended-release)", _DOSING),
         form="extended-release"),
    # antiepileptics
    _max("carbamazepine", 1200, "mg/day", fda("Tegretol (carbamazepine)", "epilepsy, patients over 15 years"),
         population="patients over 15 years"),
    _max("valproate", 60, "mg/kg/day", fda("Depakote (divalproex sodium)", "epilepsy")),
    _max("levetiracetam", 3000, "mg/day", fda("Keppra (levetiracetam)", _DOSING)),
    _max("pregabalin", 600, "mg/day", fda("Lyrica (pregabalin)", _DOSING)),
    _max("topiramate", 400, "mg/day", fda("Topamax (topiramate)", "epilepsy monotherapy")),
    # benzodiazepines and hypnotics
    _max("diazepam", 40, "mg/day", fda("Valium (diazepam)", "management of anxiety"), indication="anxiety"),
    _max("alprazolam", 4, "mg/day", fda("Xanax (alprazolam)", "generalized anxiety disorder"), indication="anxiety"),
    _max("lorazepam", 10, "mg/day", fda("Ativan (lorazepam) tablets", _DOSING)),
    _max("clonazepam", 4, "mg/day", fda("Klonopin (clonazepam)", "panic disorder"), indication="panic disorder"),
    _max("clonazepam", 20, "mg/day", fda("Klonopin (clonazepam)", "seizure disorders"),
         indication="seizure disorders"),
    _max("temazepam", 30, "mg/day", fda("Restoril (temazepam)", _DOSING)),
    _max("zolpidem", 10, "mg/day", fda("Ambien (zolpidem)", _DOSING)),
    # acid suppression, antihistamines, decongestants (OTC labels)
    _max("omeprazole", 20, "mg/day", f"{_OTC_LABEL}, Prilosec OTC (14-day course)", otc="1"),
    _max("esomeprazole", 20, "mg/day", f"{_OTC_LABEL}, Nexium 24HR (14-day course)", otc="1"),
    _max("lansoprazole", 15, "mg/day", f"{_OTC_LABEL}, Prevacid 24HR (14-day course)", otc="1"),
    _max("famotidine", 40, "mg/day", f"{_OTC_LABEL}, Pepcid AC Maximum Strength", otc="1"),
    _max("cetirizine", 10, "mg/day", f"{_OTC_LABEL}, Zyrtec", otc="1"),
    _max("loratadine", 10, "mg/day", f"{_OTC_LABEL}, Claritin", otc="1"),
    _max("fexofenadine", 180, "mg/day", f"{_OTC_LABEL}, Allegra", otc="1"),
    _max("diphenhydramine", 300, "mg/day", f"{_OTC_LABEL} / OTC antihistamine monograph, diphenhydramine", otc="1"),
    _max("chlorpheniramine", 24, "mg/day", f"{_OTC_LABEL} / OTC antihistamine monograph, chlorpheniramine",
         otc="1"),
    _max("pseudoephedrine", 240, "mg/day", f"{_OTC_LABEL} / OTC nasal decongestant monograph, pseudoephedrine",
         otc="1"),
    # others
    _max("allopurinol", 800, "mg/day", fda("Zyloprim (allopurinol)", _DOSING)),
    _max("tizanidine", 36, "mg/day", fda("Zanaflex (tizanidine)", _DOSING)),
    _max("montelukast", 10, "mg/day", fda("Singulair (montelukast)", "adults and adolescents 15 years and older"),
         population="adults and adolescents 15 years and older"),
    _max("tamsulosin", 0.8, "mg/day", fda("Flomax (tamsulosin)", _DOSING)),
    _max("sumatriptan", 200, "mg/day", fda("Imitrex (sumatriptan) tablets", _DOSING)),
    _single("ondansetron", 16, "mg", fda("Zofran (ondansetron) injection", "max. single intravenous dose (QT)"),
            route="intravenous"),
)

_BLEED = "increased bleeding risk"
_SEROTONIN = "serotonin syndrome"
_MYOPATHY = "myopathy / rhabdomyolysis"
_LITHIUM = "lithium toxicity (raised lithium levels)"
_HYPERK = "hyperkalaemia"
_RESP = "profound sedation and respiratory depression"
_INR = "raised INR and bleeding risk"
_ABSORB = "reduced absorption (chelation); separate the doses"
_CONTRA = "contraindicated"

INTERACTIONS: tuple[InteractionRow, ...] = (
    # anticoagulants and antiplatelets
    InteractionRow("warfarin", "nsaid", _BLEED, "major", bnf("Warfarin", "interactions (NSAIDs)")),
    InteractionRow("warfarin", "ibuprofen", _BLEED, "major", bnf("Warfarin", "interactions (ibuprofen)")),
    InteractionRow("warfarin", "naproxen", _BLEED, "major", bnf("Warfarin", "interactions (naproxen)")),
    InteractionRow("warfarin", "aspirin", _BLEED, "major", bnf("Warfarin", "interactions (aspirin)")),
    InteractionRow("warfarin", "clopidogrel", _BLEED, "major", _stk("warfarin + clopidogrel")),
    InteractionRow("warfarin", "ssri", _BLEED, "moderate", _stk("coumarins + SSRIs")),
    InteractionRow("warfarin", "fluconazole", _INR, "major", _stk("warfarin + fluconazole")),
    InteractionRow("warfarin", "metronidazole", _INR, "major", _stk("warfarin + metronidazole")),
    InteractionRow("warfarin", "sulfamethoxazole_trimethoprim", _INR, "major", _stk("warfarin + co-trimoxazole")),
    InteractionRow("warfarin", "ciprofloxacin", _INR, "moderate", _stk("warfarin + ciprofloxacin")),
    InteractionRow("warfarin", "clarithromycin", _INR, "moderate", _stk("warfarin + macrolides")),
    InteractionRow("warfarin", "amiodarone", _INR, "major", fda("Cordarone (amiodarone)", "Drug Interactions")),
    InteractionRow("warfarin", "acetaminophen", "raised INR with prolonged regular use", "moderate",
                   bnf("Warfarin", "interactions (paracetamol, prolonged regular use)")),
    InteractionRow("warfarin", "rifampicin", "reduced anticoagulant effect", "major", _stk("warfarin + rifampicin")),
    InteractionRow("warfarin", "carbamazepine", "reduced anticoagulant effect", "moderate",
                   _stk("warfarin + carbamazepine")),
    InteractionRow("warfarin", "st_johns_wort", "reduced anticoagulant effect", "major",
                   bnf("Warfarin", "interactions (St John's wort: avoid)")),
    InteractionRow("direct_oral_anticoagulant", "nsaid", _BLEED, "major", _stk("DOACs + NSAIDs")),
    InteractionRow("direct_oral_anticoagulant", "aspirin", _BLEED, "major", _stk("DOACs + aspirin")),
    InteractionRow("apixaban", "ketoconazole", "raised apixaban levels, bleeding risk", "major",
                   fda("Eliquis (apixaban)", "combined P-gp and strong CYP3A4 inhibitors")),
    InteractionRow("rivaroxaban", "ketoconazole", "raised rivaroxaban levels, bleeding risk", "major",
                   fda("Xarelto (rivaroxaban)", "combined P-gp and strong CYP3A4 inhibitors")),
    InteractionRow("apixaban", "rifampicin", "reduced anticoagulant effect", "major",
                   fda("Eliquis (apixaban)", "combined P-gp and strong CYP3A4 inducers")),
    InteractionRow("clopidogrel", "omeprazole", "reduced antiplatelet effect", "major",
                   fda("Plavix (clopidogrel)", "avoid omeprazole or esomeprazole")),
    InteractionRow("clopidogrel", "esomeprazole", "reduced antiplatelet effect", "major",
                   fda("Plavix (clopidogrel)", "avoid omeprazole or esomeprazole")),
    # NSAIDs
    InteractionRow("ibuprofen", "aspirin", "ibuprofen can blunt the antiplatelet effect of low-dose aspirin",
                   "moderate", "FDA science paper (2006), concomitant use of ibuprofen and aspirin"),
    InteractionRow("nsaid", "ace_inhibitor", "reduced antihypertensive effect and risk of kidney injury", "moderate",
                   bnf("NSAIDs", "interactions (ACE inhibitors)")),
    InteractionRow("nsaid", "arb", "reduced antihypertensive effect and risk of kidney injury", "moderate",
                   bnf("NSAIDs", "interactions (angiotensin-II receptor antagonists)")),
    InteractionRow("nsaid", "corticosteroid", "increased risk of gastrointestinal bleeding and ulceration",
                   "moderate", bnf("NSAIDs", "interactions (corticosteroids)")),
    InteractionRow("nsaid", "ssri", "increased risk of gastrointestinal bleeding", "moderate",
                   bnf("NSAIDs", "interactions (SSRIs)")),
    # lithium
    InteractionRow("lithium", "nsaid", _LITHIUM, "major", bnf("Lithium", "interactions (NSAIDs)")),
    InteractionRow("lithium", "ibuprofen", _LITHIUM, "major", _stk("lithium + ibuprofen")),
    InteractionRow("lithium", "ace_inhibitor", _LITHIUM, "major", bnf("Lithium", "interactions (ACE inhibitors)")),
    InteractionRow("lithium", "arb", _LITHIUM, "major", bnf("Lithium",
                   "interactions (angiotensin-II receptor antagonists)")),
    InteractionRow("lithium", "thiazide_diuretic", _LITHIUM, "major", bnf("Lithium", "interactions (thiazides)")),
    # PDE5 inhibitors and nitrates
    InteractionRow("pde5_inhibitor", "nitrate", "severe hypotension", _CONTRA,
                   fda("Viagra (sildenafil)", "Contraindications (nitrates)")),
    InteractionRow("sildenafil", "nitroglycerin", "severe hypotension", _CONTRA,
                   fda("Viagra (sildenafil)", "Contraindications (nitrates)")),
    InteractionRow("sildenafil", "nitrate", "severe hypotension", _CONTRA,
                   fda("Viagra (sildenafil)", "Contraindications (nitrates)")),
    InteractionRow("tadalafil", "nitrate", "severe hypotension", _CONTRA,
                   fda("Cialis (tadalafil)", "Contraindications (nitrates)")),
    InteractionRow("pde5_inhibitor", "alpha_blocker", "symptomatic hypotension", "moderate",
                   fda("Viagra (sildenafil)", "Drug Interactions (alpha-blockers)")),
    # serotonergic drugs and MAOIs
    InteractionRow("ssri", "maoi", _SEROTONIN, _CONTRA, fda("Zoloft (sertraline)", "Contraindications (MAOIs)")),
    InteractionRow("sertraline", "phenelzine", _SEROTONIN, _CONTRA, fda("Nardil (phenelzine)", "Contraindications")),
    InteractionRow("fluoxetine", "phenelzine", _SEROTONIN, _CONTRA,
                   fda("Prozac (fluoxetine)", "Contraindications (MAOIs; 5 weeks after stopping fluoxetine)")),
    InteractionRow("snri", "maoi", _SEROTONIN, _CONTRA, fda("Effexor XR (venlafaxine)", "Contraindications (MAOIs)")),
    InteractionRow("tca", "maoi", "serotonin syndrome and hypertensive reactions", _CONTRA,
                   fda("Pamelor (nortriptyline)", "Contraindications (MAOIs)")),
    InteractionRow("tramadol", "maoi", _SEROTONIN, _CONTRA, fda("Ultram (tramadol)", "Contraindications (MAOIs)")),
    InteractionRow("meperidine", "maoi", "serotonin syndrome, potentially fatal", _CONTRA,
                   fda("Demerol (meperidine)", "Contraindications (MAOIs)")),
    InteractionRow("dextromethorphan", "maoi", _SEROTONIN, _CONTRA, fda("Nardil (phenelzine)", "Contraindications")),
    InteractionRow("pseudoephedrine", "maoi", "hypertensive crisis", _CONTRA,
                   f"{_OTC_LABEL}, Sudafed (do not use with an MAOI)"),
    InteractionRow("bupropion", "maoi", "hypertensive reactions", _CONTRA,
                   fda("Wellbutrin XL (bupropion)", "Contraindications (MAOIs)")),
    InteractionRow("mirtazapine", "maoi", _SEROTONIN, _CONTRA, fda("Remeron (mirtazapine)", "Contraindications")),
    InteractionRow("carbamazepine", "maoi", "hypertensive crisis and serotonin toxicity", _CONTRA,
                   fda("Tegretol (carbamazepine)", "Contraindications (MAOIs)")),
    InteractionRow("sumatriptan", "maoi", "raised sumatriptan levels", _CONTRA,
                   fda("Imitrex (sumatriptan)", "Contraindications (MAO-A inhibitors)")),
    InteractionRow("maoi", "tyramine", "hypertensive crisis", "major",
                   fda("Nardil (phenelzine)", "tyramine-rich foods")),
    InteractionRow("ssri", "linezolid", _SEROTONIN, "major", fda("Zyvox (linezolid)", "serotonergic agents")),
    InteractionRow("ssri", "tramadol", "serotonin syndrome and seizures", "major",
                   fda("Ultram (tramadol)", "Drug Interactions (SSRIs)")),
    InteractionRow("ssri", "st_johns_wort", _SEROTONIN, "major", _stk("SSRIs + St John's wort")),
    InteractionRow("fluoxetine", "tamoxifen", "reduced tamoxifen efficacy (CYP2D6 inhibition)", "major",
                   _stk("tamoxifen + fluoxetine")),
    InteractionRow("paroxetine", "tamoxifen", "reduced tamoxifen efficacy (CYP2D6 inhibition)", "major",
                   _stk("tamoxifen + paroxetine")),
    InteractionRow("sertraline", "pimozide", "QT prolongation", _CONTRA,
                   fda("Zoloft (sertraline)", "Contraindications (pimozide)")),
    InteractionRow("fluoxetine", "pimozide", "QT prolongation", _CONTRA,
                   fda("Prozac (fluoxetine)", "Contraindications (pimozide)")),
    InteractionRow("duloxetine", "ciprofloxacin", "raised duloxetine levels (CYP1A2 inhibition)", "major",
                   fda("Cymbalta (duloxetine)", "potent CYP1A2 inhibitors")),
    # statins
    InteractionRow("simvastatin", "clarithromycin", _MYOPATHY, _CONTRA,
                   fda("Zocor (simvastatin)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("simvastatin", "erythromycin", _MYOPATHY, _CONTRA,
                   fda("Zocor (simvastatin)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("simvastatin", "itraconazole", _MYOPATHY, _CONTRA,
                   fda("Zocor (simvastatin)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("simvastatin", "ketoconazole", _MYOPATHY, _CONTRA,
                   fda("Zocor (simvastatin)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("simvastatin", "hiv_protease_inhibitor", _MYOPATHY, _CONTRA,
                   fda("Zocor (simvastatin)", "Contraindications (HIV protease inhibitors)")),
    InteractionRow("simvastatin", "gemfibrozil", _MYOPATHY, _CONTRA,
                   fda("Zocor (simvastatin)", "Contraindications (gemfibrozil)")),
    InteractionRow("simvastatin", "cyclosporine", _MYOPATHY, _CONTRA,
                   fda("Zocor (simvastatin)", "Contraindications (cyclosporine)")),
    InteractionRow("simvastatin", "amlodipine", f"{_MYOPATHY} (limit simvastatin to 20 mg)", "moderate",
                   fda("Zocor (simvastatin)", "dose limit with amlodipine")),
    InteractionRow("simvastatin", "amiodarone", f"{_MYOPATHY} (limit simvastatin to 20 mg)", "moderate",
                   fda("Zocor (simvastatin)", "dose limit with amiodarone")),
    InteractionRow("simvastatin", "diltiazem", f"{_MYOPATHY} (limit simvastatin to 10 mg)", "moderate",
                   fda("Zocor (simvastatin)", "dose limit with diltiazem")),
    InteractionRow("simvastatin", "verapamil", f"{_MYOPATHY} (limit simvastatin to 10 mg)", "moderate",
                   fda("Zocor (simvastatin)", "dose limit with verapamil")),
    InteractionRow("simvastatin", "grapefruit_juice", f"raised simvastatin levels, {_MYOPATHY}", "moderate",
                   fda("Zocor (simvastatin)", "avoid grapefruit juice")),
    InteractionRow("lovastatin", "clarithromycin", _MYOPATHY, _CONTRA,
                   fda("Mevacor (lovastatin)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("atorvastatin", "clarithromycin", f"{_MYOPATHY} (limit atorvastatin to 20 mg)", "major",
                   fda("Lipitor (atorvastatin)", "clarithromycin")),
    InteractionRow("atorvastatin", "cyclosporine", _MYOPATHY, "major", fda("Lipitor (atorvastatin)", "cyclosporine")),
    InteractionRow("rosuvastatin", "cyclosporine", f"{_MYOPATHY} (limit rosuvastatin to 5 mg)", "major",
                   fda("Crestor (rosuvastatin)", "cyclosporine")),
    InteractionRow("rosuvastatin", "gemfibrozil", f"{_MYOPATHY} (limit rosuvastatin to 10 mg)", "moderate",
                   fda("Crestor (rosuvastatin)", "gemfibrozil")),
    # methotrexate
    InteractionRow("methotrexate", "trimethoprim", "bone-marrow toxicity (pancytopenia)", "major",
                   bnf("Methotrexate", "interactions (trimethoprim)")),
    InteractionRow("methotrexate", "sulfamethoxazole_trimethoprim", "bone-marrow toxicity (pancytopenia)", "major",
                   bnf("Methotrexate", "interactions (co-trimoxazole)")),
    InteractionRow("methotrexate", "nsaid", "methotrexate toxicity (reduced excretion)", "major",
                   bnf("Methotrexate", "interactions (NSAIDs)")),
    InteractionRow("methotrexate", "amoxicillin", "methotrexate toxicity (reduced excretion)", "moderate",
                   bnf("Methotrexate", "interactions (penicillins)")),
    # potassium
    InteractionRow("lisinopril", "spironolactone", _HYPERK, "major", bnf("Lisinopril",
                   "interactions (spironolactone)")),
    InteractionRow("ace_inhibitor", "potassium_sparing_diuretic", _HYPERK, "major",
                   bnf("ACE inhibitors", "interactions (potassium-sparing diuretics)")),
    InteractionRow("arb", "potassium_sparing_diuretic", _HYPERK, "major",
                   bnf("Angiotensin-II receptor antagonists", "interactions (potassium-sparing diuretics)")),
    InteractionRow("ace_inhibitor", "potassium_chloride", _HYPERK, "major",
                   bnf("ACE inhibitors", "interactions (potassium salts)")),
    InteractionRow("potassium_sparing_diuretic", "potassium_chloride", _HYPERK, "major",
                   bnf("Spironolactone", "interactions (potassium salts)")),
    InteractionRow("ace_inhibitor", "sacubitril_valsartan", "angioedema (allow 36 hours between them)", _CONTRA,
                   fda("Entresto (sacubitril and valsartan)", "Contraindications (ACE inhibitors)")),
    InteractionRow("eplerenone", "clarithromycin", "raised eplerenone levels, hyperkalaemia", _CONTRA,
                   fda("Inspra (eplerenone)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("eplerenone", "ketoconazole", "raised eplerenone levels, hyperkalaemia", _CONTRA,
                   fda("Inspra (eplerenone)", "Contraindications (strong CYP3A4 inhibitors)")),
    # heart rate and rhythm
    InteractionRow("beta_blocker", "non_dihydropyridine_ccb", "bradycardia, heart block and heart failure", "major",
                   bnf("Beta-blockers", "interactions (verapamil, diltiazem)")),
    InteractionRow("metoprolol", "verapamil", "bradycardia, heart block and heart failure", "major",
                   _stk("beta blockers + verapamil")),
    InteractionRow("non_selective_beta_blocker", "beta2_agonist", "bronchodilator effect blocked (bronchospasm)",
                   "moderate", bnf("Propranolol", "interactions (beta-2 agonists)")),
    InteractionRow("digoxin", "amiodarone", "digoxin toxicity (raised levels)", "major",
                   fda("Lanoxin (digoxin)", "amiodarone: reduce digoxin dose")),
    InteractionRow("digoxin", "clarithromycin", "digoxin toxicity (raised levels)", "major",
                   _stk("digoxin + macrolides")),
    InteractionRow("digoxin", "verapamil", "digoxin toxicity (raised levels) and bradycardia", "major",
                   _stk("digoxin + verapamil")),
    # antibiotics and absorption
    InteractionRow("furosemide", "gentamicin", "ototoxicity and nephrotoxicity", "major",
                   bnf("Furosemide", "interactions (aminoglycosides)")),
    InteractionRow("ciprofloxacin", "tizanidine", "severe hypotension and sedation", _CONTRA,
                   fda("Cipro (ciprofloxacin)", "Contraindications (tizanidine)")),
    InteractionRow("ciprofloxacin", "theophylline", "theophylline toxicity (seizures, arrhythmias)", "major",
                   fda("Cipro (ciprofloxacin)", "Drug Interactions (theophylline)")),
    InteractionRow("fluoroquinolone", "antacid", _ABSORB, "moderate", fda("Cipro (ciprofloxacin)",
                   "multivalent cations")),
    InteractionRow("fluoroquinolone", "ferrous_sulfate", _ABSORB, "moderate",
                   fda("Cipro (ciprofloxacin)", "multivalent cations")),
    InteractionRow("fluoroquinolone", "corticosteroid", "increased risk of tendon rupture", "major",
                   fda("Cipro (ciprofloxacin)", "Boxed Warning (tendinitis and tendon rupture)")),
    InteractionRow("tetracycline_class", "antacid", _ABSORB, "moderate",
                   fda("Vibramycin (doxycycline)", "antacids and iron")),
    InteractionRow("tetracycline_class", "ferrous_sulfate", _ABSORB, "moderate",
                   fda("Vibramycin (doxycycline)", "antacids and iron")),
    InteractionRow("tetracycline_class", "isotretinoin", "benign intracranial hypertension", "major",
                   fda("Absorica (isotretinoin)", "avoid tetracyclines")),
    InteractionRow("levothyroxine", "calcium_carbonate", "reduced levothyroxine absorption (separate by 4 hours)",
                   "moderate", fda("Synthroid (levothyroxine)", "calcium carbonate, ferrous sulfate")),
    InteractionRow("levothyroxine", "ferrous_sulfate", "reduced levothyroxine absorption (separate by 4 hours)",
                   "moderate", fda("Synthroid (levothyroxine)", "calcium carbonate, ferrous sulfate")),
    InteractionRow("clarithromycin", "colchicine", "colchicine toxicity, potentially fatal", "major",
                   fda("Colcrys (colchicine)", "strong CYP3A4 and P-gp inhibitors")),
    InteractionRow("clarithromycin", "pimozide", "QT prolongation", _CONTRA,
                   fda("Biaxin (clarithromycin)", "Contraindications (pimozide)")),
    InteractionRow("clarithromycin", "ergotamine", "ergotism (acute ergot toxicity)", _CONTRA,
                   fda("Biaxin (clarithromycin)", "Contraindications (ergot alkaloids)")),
    InteractionRow("fluconazole", "pimozide", "QT prolongation", _CONTRA,
                   fda("Diflucan (fluconazole)", "Contraindications (pimozide)")),
    InteractionRow("metronidazole", "alcohol", "disulfiram-like reaction (flushing, vomiting)", "major",
                   fda("Flagyl (metronidazole)", "alcohol")),
    InteractionRow("metronidazole", "disulfiram", "psychotic reactions", _CONTRA,
                   fda("Flagyl (metronidazole)", "Contraindications (disulfiram within 2 weeks)")),
    InteractionRow("rifampicin", "combined_oral_contraceptive", "reduced contraceptive efficacy", "major",
                   bnf("Rifampicin", "interactions (combined hormonal contraceptives)")),
    # antiepileptics
    InteractionRow("carbamazepine", "combined_oral_contraceptive", "reduced contraceptive efficacy", "major",
                   bnf("Carbamazepine", "interactions (combined hormonal contraceptives)")),
    InteractionRow("st_johns_wort", "combined_oral_contraceptive", "reduced contraceptive efficacy", "moderate",
                   _stk("combined hormonal contraceptives + St John's wort")),
    InteractionRow("carbamazepine", "clarithromycin", "carbamazepine toxicity (raised levels)", "major",
                   _stk("carbamazepine + macrolides")),
    InteractionRow("valproate", "lamotrigine", "raised lamotrigine levels (serious rash)", "major",
                   fda("Lamictal (lamotrigine)", "valproate: reduce lamotrigine dose")),
    InteractionRow("valproate", "meropenem", "reduced valproate levels (breakthrough seizures)", "major",
                   fda("Depakote (divalproex sodium)", "carbapenem antibiotics")),
    InteractionRow("phenytoin", "fluconazole", "phenytoin toxicity (raised levels)", "major",
                   _stk("phenytoin + fluconazole")),
    # CNS depressants
    InteractionRow("opioid", "benzodiazepine", _RESP, "major", fda("OxyContin (oxycodone)",
                   "Boxed Warning (benzodiazepines)")),
    InteractionRow("opioid", "gabapentinoid", _RESP, "major", "FDA Drug Safety Communication (2019), gabapentinoids"),
    InteractionRow("opioid", "alcohol", _RESP, "major", fda("OxyContin (oxycodone)", "alcohol")),
    InteractionRow("benzodiazepine", "alcohol", _RESP, "major", fda("Xanax (alprazolam)", "alcohol")),
    InteractionRow("alprazolam", "ketoconazole", "raised alprazolam levels", _CONTRA,
                   fda("Xanax (alprazolam)", "Contraindications (ketoconazole, itraconazole)")),
    InteractionRow("alprazolam", "itraconazole", "raised alprazolam levels", _CONTRA,
                   fda("Xanax (alprazolam)", "Contraindications (ketoconazole, itraconazole)")),
    # others
    InteractionRow("allopurinol", "azathioprine", "bone-marrow toxicity (reduce azathioprine dose)", "major",
                   fda("Zyloprim (allopurinol)", "azathioprine, mercaptopurine")),
    InteractionRow("fluticasone", "ritonavir", "Cushing's syndrome and adrenal suppression", "major",
                   fda("Flonase (fluticasone)", "ritonavir")),
    InteractionRow("ondansetron", "apomorphine", "profound hypotension and loss of consciousness", _CONTRA,
                   fda("Zofran (ondansetron)", "Contraindications (apomorphine)")),
    InteractionRow("sumatriptan", "ergotamine", "additive vasospasm (24 hours apart)", _CONTRA,
                   fda("Imitrex (sumatriptan)", "Contraindications (ergot-containing drugs)")),
    InteractionRow("metformin", "alcohol", "lactic acidosis", "moderate", fda("Glucophage (metformin)", "alcohol")),
    InteractionRow("metformin", "iodinated_contrast", "lactic acidosis (hold metformin)", "moderate",
                   fda("Glucophage (metformin)", "iodinated contrast imaging")),
    InteractionRow("acetaminophen", "alcohol", "liver damage with 3 or more drinks a day", "moderate",
                   f"{_OTC_LABEL}, acetaminophen (liver warning)"),
)
