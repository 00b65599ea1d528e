"""Fact tables of the medicine pack: doses, interactions, contraindications, indications (NOT medical advice).

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

__all__ = ["CONTRAINDICATIONS", "DOSES", "INTERACTIONS", "TREATS", "DoseRow", "InteractionRow", "LinkRow"]


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


def _fda(label: str, section: str) -> str:
    return f"FDA label (DailyMed), {label}: {section}"


def _bnf(monograph: str, section: str) -> str:
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
    _max("acetaminophen", 4, "g/day", _bnf("Paracetamol", "dose (max. 4 g per day)"), population="healthy adults"),
    _single("acetaminophen", 1, "g", f"{_OTC_LABEL}, acetaminophen extra strength (2 x 500 mg)", otc="1"),
    _max("acetaminophen", 75, "mg/kg/day", "Lexicomp Pediatric & Neonatal Dosage Handbook, acetaminophen (oral)",
         otc="1", population="children under 12"),
    _max("ibuprofen", 1200, "mg/day", f"{_OTC_LABEL}, ibuprofen 200 mg (Advil/Motrin IB)", otc="1"),
    _max("ibuprofen", 3200, "mg/day", _fda("Motrin (ibuprofen) tablets", _DOSING)),
    _single("ibuprofen", 400, "mg", f"{_OTC_LABEL}, ibuprofen 200 mg (Advil/Motrin IB)", otc="1"),
    _single("ibuprofen", 800, "mg", _fda("Motrin (ibuprofen) tablets", _DOSING)),
    _max("ibuprofen", 40, "mg/kg/day", _fda("Motrin (ibuprofen) suspension", "pediatric dosing"),
         population="children"),
    _max("naproxen", 660, "mg/day", f"{_OTC_LABEL}, Aleve (naproxen sodium 220 mg)", otc="1",
         population="adults and children 12 years and over", form="naproxen sodium 220 mg"),
    _max("aspirin", 4, "g/day", f"{_OTC_LABEL} / OTC internal analgesic monograph, aspirin", otc="1"),
    _max("diclofenac", 150, "mg/day", _bnf("Diclofenac sodium", "dose (max. 150 mg per day)")),
    _max("codeine", 240, "mg/day", _bnf("Codeine phosphate", "dose for pain (max. 240 mg per day)")),
    _max("tramadol", 400, "mg/day", _fda("Ultram (tramadol)", _DOSING)),
    _max("tramadol", 300, "mg/day", _fda("Ultram (tramadol)", "patients over 75 years"), population="adults over 75"),
    # anticoagulant
    _max("dabigatran", 300, "mg/day", _fda("Pradaxa (dabigatran etexilate)", "atrial fibrillation, CrCl > 30 mL/min"),
         indication="stroke prevention in atrial fibrillation"),
    # antidepressants
    _max("sertraline", 200, "mg/day", _fda("Zoloft (sertraline)", _DOSING)),
    _max("fluoxetine", 80, "mg/day", _fda("Prozac (fluoxetine)", _DOSING)),
    _max("citalopram", 40, "mg/day", _fda("Celexa (citalopram)", "Dosage and Administration (QT prolongation)")),
    _max("citalopram", 20, "mg/day", _fda("Celexa (citalopram)", "patients over 60 years"),
         population="adults over 60"),
    _max("escitalopram", 20, "mg/day", _fda("Lexapro (escitalopram)", _DOSING)),
    _max("duloxetine", 120, "mg/day", _fda("Cymbalta (duloxetine)", _DOSING)),
    _max("phenelzine", 90, "mg/day", _fda("Nardil (phenelzine)", _DOSING)),
    _max("tranylcypromine", 60, "mg/day", _fda("Parnate (tranylcypromine)", _DOSING)),
    _max("nortriptyline", 150, "mg/day", _fda("Pamelor (nortriptyline)", _DOSING)),
    _max("mirtazapine", 45, "mg/day", _fda("Remeron (mirtazapine)", _DOSING)),
    _max("bupropion", 450, "mg/day", _fda("Wellbutrin XL (bupropion extended-release)", _DOSING),
         form="extended-release (XL)"),
    _max("bupropion", 400, "mg/day", _fda("Wellbutrin SR (bupropion sustained-release)", _DOSING),
         form="sustained-release (SR)"),
    # statins
    _max("simvastatin", 40, "mg/day", _fda("Zocor (simvastatin)", "Dosage and Administration (80 mg restricted)"),
         population="adults (80 mg only for patients already tolerating it for 12 months)"),
    _max("atorvastatin", 80, "mg/day", _fda("Lipitor (atorvastatin)", _DOSING)),
    _max("rosuvastatin", 40, "mg/day", _fda("Crestor (rosuvastatin)", _DOSING)),
    _max("pravastatin", 80, "mg/day", _fda("Pravachol (pravastatin)", _DOSING)),
    _max("lovastatin", 80, "mg/day", _fda("Mevacor (lovastatin)", _DOSING)),
    # antihypertensives
    _max("lisinopril", 80, "mg/day", _fda("Zestril (lisinopril)", "hypertension")),
    _max("enalapril", 40, "mg/day", _fda("Vasotec (enalapril)", "hypertension")),
    _max("losartan", 100, "mg/day", _fda("Cozaar (losartan)", "hypertension")),
    _max("valsartan", 320, "mg/day", _fda("Diovan (valsartan)", "hypertension")),
    _max("candesartan", 32, "mg/day", _fda("Atacand (candesartan)", "hypertension")),
    _max("irbesartan", 300, "mg/day", _fda("Avapro (irbesartan)", "hypertension")),
    _max("atenolol", 100, "mg/day", _fda("Tenormin (atenolol)", "hypertension")),
    _max("bisoprolol", 20, "mg/day", _fda("Zebeta (bisoprolol)", "hypertension")),
    _max("amlodipine", 10, "mg/day", _fda("Norvasc (amlodipine)", _DOSING)),
    _max("verapamil", 480, "mg/day", _fda("Calan SR (verapamil)", _DOSING)),
    _max("hydrochlorothiazide", 50, "mg/day", _fda("Microzide (hydrochlorothiazide)", "hypertension")),
    _max("amiloride", 20, "mg/day", _fda("Midamor (amiloride)", _DOSING)),
    # antibiotics
    _max("clarithromycin", 1000, "mg/day", _fda("Biaxin (clarithromycin)", _DOSING)),
    _max("erythromycin", 4, "g/day", _fda("Ery-Tab (erythromycin)", "severe infections")),
    _max("ciprofloxacin", 1500, "mg/day", _fda("Cipro (ciprofloxacin) tablets", _DOSING)),
    _max("levofloxacin", 750, "mg/day", _fda("Levaquin (levofloxacin)", _DOSING)),
    _max("moxifloxacin", 400, "mg/day", _fda("Avelox (moxifloxacin)", _DOSING)),
    _max("doxycycline", 200, "mg/day", _fda("Vibramycin (doxycycline)", _DOSING)),
    _max("cephalexin", 4, "g/day", _fda("Keflex (cephalexin)", _DOSING)),
    _max("linezolid", 1200, "mg/day", _fda("Zyvox (linezolid)", _DOSING)),
    # antidiabetics
    _max("metformin", 2550, "mg/day", _fda("Glucophage (metformin)", "immediate-release tablets"),
         form="immediate-release"),
    _max("metformin", 2000, "mg/day", _fda("Glucophage XR (metformin extended-release)", _DOSING),
         form="extended-release"),
    _max("glipizide", 40, "mg/day", _fda("Glucotrol (glipizide)", _DOSING), form="immediate-release"),
    _max("glipizide", 20, "mg/day", _fda("Glucotrol XL (glipizide extended-release)", _DOSING),
         form="extended-release"),
    _max("gliclazide", 320, "mg/day", _bnf("Gliclazide", "standard-release tablets (max. 320 mg per day)"),
         form="standard-release"),
    _max("sitagliptin", 100, "mg/day", _fda("Januvia (sitagliptin)", _DOSING)),
    _max("empagliflozin", 25, "mg/day", _fda("Jardiance (empagliflozin)", _DOSING)),
    _max("dapagliflozin", 10, "mg/day", _fda("Farxiga (dapagliflozin)", _DOSING)),
    _max("pioglitazone", 45, "mg/day", _fda("Actos (pioglitazone)", _DOSING)),
    # PDE5 inhibitors and nitrates
    _max("sildenafil", 100, "mg/day", _fda("Viagra (sildenafil)", "erectile dysfunction (max. once daily)"),
         indication="erectile dysfunction"),
    _max("tadalafil", 20, "mg/day", _fda("Cialis (tadalafil)", "use as needed for erectile dysfunction"),
         indication="erectile dysfunction"),
    _max("vardenafil", 20, "mg/day", _fda("Levitra (vardenafil)", _DOSING), indication="erectile dysfunction"),
    _max("isosorbide_mononitrate", 240, "mg/day", _fda("Imdur (isosorbide mononitrate extended-release)", _DOSING),
         form="extended-release"),
    # antiepileptics
    _max("carbamazepine", 1200, "mg/day", _fda("Tegretol (carbamazepine)", "epilepsy, patients over 15 years"),
         population="patients over 15 years"),
    _max("valproate", 60, "mg/kg/day", _fda("Depakote (divalproex sodium)", "epilepsy")),
    _max("levetiracetam", 3000, "mg/day", _fda("Keppra (levetiracetam)", _DOSING)),
    _max("pregabalin", 600, "mg/day", _fda("Lyrica (pregabalin)", _DOSING)),
    _max("topiramate", 400, "mg/day", _fda("Topamax (topiramate)", "epilepsy monotherapy")),
    # benzodiazepines and hypnotics
    _max("diazepam", 40, "mg/day", _fda("Valium (diazepam)", "management of anxiety"), indication="anxiety"),
    _max("alprazolam", 4, "mg/day", _fda("Xanax (alprazolam)", "generalized anxiety disorder"), indication="anxiety"),
    _max("lorazepam", 10, "mg/day", _fda("Ativan (lorazepam) tablets", _DOSING)),
    _max("clonazepam", 4, "mg/day", _fda("Klonopin (clonazepam)", "panic disorder"), indication="panic disorder"),
    _max("clonazepam", 20, "mg/day", _fda("Klonopin (clonazepam)", "seizure disorders"),
         indication="seizure disorders"),
    _max("temazepam", 30, "mg/day", _fda("Restoril (temazepam)", _DOSING)),
    _max("zolpidem", 10, "mg/day", _fda("Ambien (zolpidem)", _DOSING)),
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
    _max("allopurinol", 800, "mg/day", _fda("Zyloprim (allopurinol)", _DOSING)),
    _max("tizanidine", 36, "mg/day", _fda("Zanaflex (tizanidine)", _DOSING)),
    _max("montelukast", 10, "mg/day", _fda("Singulair (montelukast)", "adults and adolescents 15 years and older"),
         population="adults and adolescents 15 years and older"),
    _max("tamsulosin", 0.8, "mg/day", _fda("Flomax (tamsulosin)", _DOSING)),
    _max("sumatriptan", 200, "mg/day", _fda("Imitrex (sumatriptan) tablets", _DOSING)),
    _single("ondansetron", 16, "mg", _fda("Zofran (ondansetron) injection", "max. single intravenous dose (QT)"),
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
    InteractionRow("warfarin", "nsaid", _BLEED, "major", _bnf("Warfarin", "interactions (NSAIDs)")),
    InteractionRow("warfarin", "ibuprofen", _BLEED, "major", _bnf("Warfarin", "interactions (ibuprofen)")),
    InteractionRow("warfarin", "naproxen", _BLEED, "major", _bnf("Warfarin", "interactions (naproxen)")),
    InteractionRow("warfarin", "aspirin", _BLEED, "major", _bnf("Warfarin", "interactions (aspirin)")),
    InteractionRow("warfarin", "clopidogrel", _BLEED, "major", _stk("warfarin + clopidogrel")),
    InteractionRow("warfarin", "ssri", _BLEED, "moderate", _stk("coumarins + SSRIs")),
    InteractionRow("warfarin", "fluconazole", _INR, "major", _stk("warfarin + fluconazole")),
    InteractionRow("warfarin", "metronidazole", _INR, "major", _stk("warfarin + metronidazole")),
    InteractionRow("warfarin", "sulfamethoxazole_trimethoprim", _INR, "major", _stk("warfarin + co-trimoxazole")),
    InteractionRow("warfarin", "ciprofloxacin", _INR, "moderate", _stk("warfarin + ciprofloxacin")),
    InteractionRow("warfarin", "clarithromycin", _INR, "moderate", _stk("warfarin + macrolides")),
    InteractionRow("warfarin", "amiodarone", _INR, "major", _fda("Cordarone (amiodarone)", "Drug Interactions")),
    InteractionRow("warfarin", "acetaminophen", "raised INR with prolonged regular use", "moderate",
                   _bnf("Warfarin", "interactions (paracetamol, prolonged regular use)")),
    InteractionRow("warfarin", "rifampicin", "reduced anticoagulant effect", "major", _stk("warfarin + rifampicin")),
    InteractionRow("warfarin", "carbamazepine", "reduced anticoagulant effect", "moderate",
                   _stk("warfarin + carbamazepine")),
    InteractionRow("warfarin", "st_johns_wort", "reduced anticoagulant effect", "major",
                   _bnf("Warfarin", "interactions (St John's wort: avoid)")),
    InteractionRow("direct_oral_anticoagulant", "nsaid", _BLEED, "major", _stk("DOACs + NSAIDs")),
    InteractionRow("direct_oral_anticoagulant", "aspirin", _BLEED, "major", _stk("DOACs + aspirin")),
    InteractionRow("apixaban", "ketoconazole", "raised apixaban levels, bleeding risk", "major",
                   _fda("Eliquis (apixaban)", "combined P-gp and strong CYP3A4 inhibitors")),
    InteractionRow("rivaroxaban", "ketoconazole", "raised rivaroxaban levels, bleeding risk", "major",
                   _fda("Xarelto (rivaroxaban)", "combined P-gp and strong CYP3A4 inhibitors")),
    InteractionRow("apixaban", "rifampicin", "reduced anticoagulant effect", "major",
                   _fda("Eliquis (apixaban)", "combined P-gp and strong CYP3A4 inducers")),
    InteractionRow("clopidogrel", "omeprazole", "reduced antiplatelet effect", "major",
                   _fda("Plavix (clopidogrel)", "avoid omeprazole or esomeprazole")),
    InteractionRow("clopidogrel", "esomeprazole", "reduced antiplatelet effect", "major",
                   _fda("Plavix (clopidogrel)", "avoid omeprazole or esomeprazole")),
    # NSAIDs
    InteractionRow("ibuprofen", "aspirin", "ibuprofen can blunt the antiplatelet effect of low-dose aspirin",
                   "moderate", "FDA science paper (2006), concomitant use of ibuprofen and aspirin"),
    InteractionRow("nsaid", "ace_inhibitor", "reduced antihypertensive effect and risk of kidney injury", "moderate",
                   _bnf("NSAIDs", "interactions (ACE inhibitors)")),
    InteractionRow("nsaid", "arb", "reduced antihypertensive effect and risk of kidney injury", "moderate",
                   _bnf("NSAIDs", "interactions (angiotensin-II receptor antagonists)")),
    InteractionRow("nsaid", "corticosteroid", "increased risk of gastrointestinal bleeding and ulceration",
                   "moderate", _bnf("NSAIDs", "interactions (corticosteroids)")),
    InteractionRow("nsaid", "ssri", "increased risk of gastrointestinal bleeding", "moderate",
                   _bnf("NSAIDs", "interactions (SSRIs)")),
    # lithium
    InteractionRow("lithium", "nsaid", _LITHIUM, "major", _bnf("Lithium", "interactions (NSAIDs)")),
    InteractionRow("lithium", "ibuprofen", _LITHIUM, "major", _stk("lithium + ibuprofen")),
    InteractionRow("lithium", "ace_inhibitor", _LITHIUM, "major", _bnf("Lithium", "interactions (ACE inhibitors)")),
    InteractionRow("lithium", "arb", _LITHIUM, "major", _bnf("Lithium",
                   "interactions (angiotensin-II receptor antagonists)")),
    InteractionRow("lithium", "thiazide_diuretic", _LITHIUM, "major", _bnf("Lithium", "interactions (thiazides)")),
    # PDE5 inhibitors and nitrates
    InteractionRow("pde5_inhibitor", "nitrate", "severe hypotension", _CONTRA,
                   _fda("Viagra (sildenafil)", "Contraindications (nitrates)")),
    InteractionRow("sildenafil", "nitroglycerin", "severe hypotension", _CONTRA,
                   _fda("Viagra (sildenafil)", "Contraindications (nitrates)")),
    InteractionRow("sildenafil", "nitrate", "severe hypotension", _CONTRA,
                   _fda("Viagra (sildenafil)", "Contraindications (nitrates)")),
    InteractionRow("tadalafil", "nitrate", "severe hypotension", _CONTRA,
                   _fda("Cialis (tadalafil)", "Contraindications (nitrates)")),
    InteractionRow("pde5_inhibitor", "alpha_blocker", "symptomatic hypotension", "moderate",
                   _fda("Viagra (sildenafil)", "Drug Interactions (alpha-blockers)")),
    # serotonergic drugs and MAOIs
    InteractionRow("ssri", "maoi", _SEROTONIN, _CONTRA, _fda("Zoloft (sertraline)", "Contraindications (MAOIs)")),
    InteractionRow("sertraline", "phenelzine", _SEROTONIN, _CONTRA, _fda("Nardil (phenelzine)", "Contraindications")),
    InteractionRow("fluoxetine", "phenelzine", _SEROTONIN, _CONTRA,
                   _fda("Prozac (fluoxetine)", "Contraindications (MAOIs; 5 weeks after stopping fluoxetine)")),
    InteractionRow("snri", "maoi", _SEROTONIN, _CONTRA, _fda("Effexor XR (venlafaxine)", "Contraindications (MAOIs)")),
    InteractionRow("tca", "maoi", "serotonin syndrome and hypertensive reactions", _CONTRA,
                   _fda("Pamelor (nortriptyline)", "Contraindications (MAOIs)")),
    InteractionRow("tramadol", "maoi", _SEROTONIN, _CONTRA, _fda("Ultram (tramadol)", "Contraindications (MAOIs)")),
    InteractionRow("meperidine", "maoi", "serotonin syndrome, potentially fatal", _CONTRA,
                   _fda("Demerol (meperidine)", "Contraindications (MAOIs)")),
    InteractionRow("dextromethorphan", "maoi", _SEROTONIN, _CONTRA, _fda("Nardil (phenelzine)", "Contraindications")),
    InteractionRow("pseudoephedrine", "maoi", "hypertensive crisis", _CONTRA,
                   f"{_OTC_LABEL}, Sudafed (do not use with an MAOI)"),
    InteractionRow("bupropion", "maoi", "hypertensive reactions", _CONTRA,
                   _fda("Wellbutrin XL (bupropion)", "Contraindications (MAOIs)")),
    InteractionRow("mirtazapine", "maoi", _SEROTONIN, _CONTRA, _fda("Remeron (mirtazapine)", "Contraindications")),
    InteractionRow("carbamazepine", "maoi", "hypertensive crisis and serotonin toxicity", _CONTRA,
                   _fda("Tegretol (carbamazepine)", "Contraindications (MAOIs)")),
    InteractionRow("sumatriptan", "maoi", "raised sumatriptan levels", _CONTRA,
                   _fda("Imitrex (sumatriptan)", "Contraindications (MAO-A inhibitors)")),
    InteractionRow("maoi", "tyramine", "hypertensive crisis", "major",
                   _fda("Nardil (phenelzine)", "tyramine-rich foods")),
    InteractionRow("ssri", "linezolid", _SEROTONIN, "major", _fda("Zyvox (linezolid)", "serotonergic agents")),
    InteractionRow("ssri", "tramadol", "serotonin syndrome and seizures", "major",
                   _fda("Ultram (tramadol)", "Drug Interactions (SSRIs)")),
    InteractionRow("ssri", "st_johns_wort", _SEROTONIN, "major", _stk("SSRIs + St John's wort")),
    InteractionRow("fluoxetine", "tamoxifen", "reduced tamoxifen efficacy (CYP2D6 inhibition)", "major",
                   _stk("tamoxifen + fluoxetine")),
    InteractionRow("paroxetine", "tamoxifen", "reduced tamoxifen efficacy (CYP2D6 inhibition)", "major",
                   _stk("tamoxifen + paroxetine")),
    InteractionRow("sertraline", "pimozide", "QT prolongation", _CONTRA,
                   _fda("Zoloft (sertraline)", "Contraindications (pimozide)")),
    InteractionRow("fluoxetine", "pimozide", "QT prolongation", _CONTRA,
                   _fda("Prozac (fluoxetine)", "Contraindications (pimozide)")),
    InteractionRow("duloxetine", "ciprofloxacin", "raised duloxetine levels (CYP1A2 inhibition)", "major",
                   _fda("Cymbalta (duloxetine)", "potent CYP1A2 inhibitors")),
    # statins
    InteractionRow("simvastatin", "clarithromycin", _MYOPATHY, _CONTRA,
                   _fda("Zocor (simvastatin)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("simvastatin", "erythromycin", _MYOPATHY, _CONTRA,
                   _fda("Zocor (simvastatin)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("simvastatin", "itraconazole", _MYOPATHY, _CONTRA,
                   _fda("Zocor (simvastatin)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("simvastatin", "ketoconazole", _MYOPATHY, _CONTRA,
                   _fda("Zocor (simvastatin)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("simvastatin", "hiv_protease_inhibitor", _MYOPATHY, _CONTRA,
                   _fda("Zocor (simvastatin)", "Contraindications (HIV protease inhibitors)")),
    InteractionRow("simvastatin", "gemfibrozil", _MYOPATHY, _CONTRA,
                   _fda("Zocor (simvastatin)", "Contraindications (gemfibrozil)")),
    InteractionRow("simvastatin", "cyclosporine", _MYOPATHY, _CONTRA,
                   _fda("Zocor (simvastatin)", "Contraindications (cyclosporine)")),
    InteractionRow("simvastatin", "amlodipine", f"{_MYOPATHY} (limit simvastatin to 20 mg)", "moderate",
                   _fda("Zocor (simvastatin)", "dose limit with amlodipine")),
    InteractionRow("simvastatin", "amiodarone", f"{_MYOPATHY} (limit simvastatin to 20 mg)", "moderate",
                   _fda("Zocor (simvastatin)", "dose limit with amiodarone")),
    InteractionRow("simvastatin", "diltiazem", f"{_MYOPATHY} (limit simvastatin to 10 mg)", "moderate",
                   _fda("Zocor (simvastatin)", "dose limit with diltiazem")),
    InteractionRow("simvastatin", "verapamil", f"{_MYOPATHY} (limit simvastatin to 10 mg)", "moderate",
                   _fda("Zocor (simvastatin)", "dose limit with verapamil")),
    InteractionRow("simvastatin", "grapefruit_juice", f"raised simvastatin levels, {_MYOPATHY}", "moderate",
                   _fda("Zocor (simvastatin)", "avoid grapefruit juice")),
    InteractionRow("lovastatin", "clarithromycin", _MYOPATHY, _CONTRA,
                   _fda("Mevacor (lovastatin)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("atorvastatin", "clarithromycin", f"{_MYOPATHY} (limit atorvastatin to 20 mg)", "major",
                   _fda("Lipitor (atorvastatin)", "clarithromycin")),
    InteractionRow("atorvastatin", "cyclosporine", _MYOPATHY, "major", _fda("Lipitor (atorvastatin)", "cyclosporine")),
    InteractionRow("rosuvastatin", "cyclosporine", f"{_MYOPATHY} (limit rosuvastatin to 5 mg)", "major",
                   _fda("Crestor (rosuvastatin)", "cyclosporine")),
    InteractionRow("rosuvastatin", "gemfibrozil", f"{_MYOPATHY} (limit rosuvastatin to 10 mg)", "moderate",
                   _fda("Crestor (rosuvastatin)", "gemfibrozil")),
    # methotrexate
    InteractionRow("methotrexate", "trimethoprim", "bone-marrow toxicity (pancytopenia)", "major",
                   _bnf("Methotrexate", "interactions (trimethoprim)")),
    InteractionRow("methotrexate", "sulfamethoxazole_trimethoprim", "bone-marrow toxicity (pancytopenia)", "major",
                   _bnf("Methotrexate", "interactions (co-trimoxazole)")),
    InteractionRow("methotrexate", "nsaid", "methotrexate toxicity (reduced excretion)", "major",
                   _bnf("Methotrexate", "interactions (NSAIDs)")),
    InteractionRow("methotrexate", "amoxicillin", "methotrexate toxicity (reduced excretion)", "moderate",
                   _bnf("Methotrexate", "interactions (penicillins)")),
    # potassium
    InteractionRow("lisinopril", "spironolactone", _HYPERK, "major", _bnf("Lisinopril",
                   "interactions (spironolactone)")),
    InteractionRow("ace_inhibitor", "potassium_sparing_diuretic", _HYPERK, "major",
                   _bnf("ACE inhibitors", "interactions (potassium-sparing diuretics)")),
    InteractionRow("arb", "potassium_sparing_diuretic", _HYPERK, "major",
                   _bnf("Angiotensin-II receptor antagonists", "interactions (potassium-sparing diuretics)")),
    InteractionRow("ace_inhibitor", "potassium_chloride", _HYPERK, "major",
                   _bnf("ACE inhibitors", "interactions (potassium salts)")),
    InteractionRow("potassium_sparing_diuretic", "potassium_chloride", _HYPERK, "major",
                   _bnf("Spironolactone", "interactions (potassium salts)")),
    InteractionRow("ace_inhibitor", "sacubitril_valsartan", "angioedema (allow 36 hours between them)", _CONTRA,
                   _fda("Entresto (sacubitril and valsartan)", "Contraindications (ACE inhibitors)")),
    InteractionRow("eplerenone", "clarithromycin", "raised eplerenone levels, hyperkalaemia", _CONTRA,
                   _fda("Inspra (eplerenone)", "Contraindications (strong CYP3A4 inhibitors)")),
    InteractionRow("eplerenone", "ketoconazole", "raised eplerenone levels, hyperkalaemia", _CONTRA,
                   _fda("Inspra (eplerenone)", "Contraindications (strong CYP3A4 inhibitors)")),
    # heart rate and rhythm
    InteractionRow("beta_blocker", "non_dihydropyridine_ccb", "bradycardia, heart block and heart failure", "major",
                   _bnf("Beta-blockers", "interactions (verapamil, diltiazem)")),
    InteractionRow("metoprolol", "verapamil", "bradycardia, heart block and heart failure", "major",
                   _stk("beta blockers + verapamil")),
    InteractionRow("non_selective_beta_blocker", "beta2_agonist", "bronchodilator effect blocked (bronchospasm)",
                   "moderate", _bnf("Propranolol", "interactions (beta-2 agonists)")),
    InteractionRow("digoxin", "amiodarone", "digoxin toxicity (raised levels)", "major",
                   _fda("Lanoxin (digoxin)", "amiodarone: reduce digoxin dose")),
    InteractionRow("digoxin", "clarithromycin", "digoxin toxicity (raised levels)", "major",
                   _stk("digoxin + macrolides")),
    InteractionRow("digoxin", "verapamil", "digoxin toxicity (raised levels) and bradycardia", "major",
                   _stk("digoxin + verapamil")),
    # antibiotics and absorption
    InteractionRow("furosemide", "gentamicin", "ototoxicity and nephrotoxicity", "major",
                   _bnf("Furosemide", "interactions (aminoglycosides)")),
    InteractionRow("ciprofloxacin", "tizanidine", "severe hypotension and sedation", _CONTRA,
                   _fda("Cipro (ciprofloxacin)", "Contraindications (tizanidine)")),
    InteractionRow("ciprofloxacin", "theophylline", "theophylline toxicity (seizures, arrhythmias)", "major",
                   _fda("Cipro (ciprofloxacin)", "Drug Interactions (theophylline)")),
    InteractionRow("fluoroquinolone", "antacid", _ABSORB, "moderate", _fda("Cipro (ciprofloxacin)",
                   "multivalent cations")),
    InteractionRow("fluoroquinolone", "ferrous_sulfate", _ABSORB, "moderate",
                   _fda("Cipro (ciprofloxacin)", "multivalent cations")),
    InteractionRow("fluoroquinolone", "corticosteroid", "increased risk of tendon rupture", "major",
                   _fda("Cipro (ciprofloxacin)", "Boxed Warning (tendinitis and tendon rupture)")),
    InteractionRow("tetracycline_class", "antacid", _ABSORB, "moderate",
                   _fda("Vibramycin (doxycycline)", "antacids and iron")),
    InteractionRow("tetracycline_class", "ferrous_sulfate", _ABSORB, "moderate",
                   _fda("Vibramycin (doxycycline)", "antacids and iron")),
    InteractionRow("tetracycline_class", "isotretinoin", "benign intracranial hypertension", "major",
                   _fda("Absorica (isotretinoin)", "avoid tetracyclines")),
    InteractionRow("levothyroxine", "calcium_carbonate", "reduced levothyroxine absorption (separate by 4 hours)",
                   "moderate", _fda("Synthroid (levothyroxine)", "calcium carbonate, ferrous sulfate")),
    InteractionRow("levothyroxine", "ferrous_sulfate", "reduced levothyroxine absorption (separate by 4 hours)",
                   "moderate", _fda("Synthroid (levothyroxine)", "calcium carbonate, ferrous sulfate")),
    InteractionRow("clarithromycin", "colchicine", "colchicine toxicity, potentially fatal", "major",
                   _fda("Colcrys (colchicine)", "strong CYP3A4 and P-gp inhibitors")),
    InteractionRow("clarithromycin", "pimozide", "QT prolongation", _CONTRA,
                   _fda("Biaxin (clarithromycin)", "Contraindications (pimozide)")),
    InteractionRow("clarithromycin", "ergotamine", "ergotism (acute ergot toxicity)", _CONTRA,
                   _fda("Biaxin (clarithromycin)", "Contraindications (ergot alkaloids)")),
    InteractionRow("fluconazole", "pimozide", "QT prolongation", _CONTRA,
                   _fda("Diflucan (fluconazole)", "Contraindications (pimozide)")),
    InteractionRow("metronidazole", "alcohol", "disulfiram-like reaction (flushing, vomiting)", "major",
                   _fda("Flagyl (metronidazole)", "alcohol")),
    InteractionRow("metronidazole", "disulfiram", "psychotic reactions", _CONTRA,
                   _fda("Flagyl (metronidazole)", "Contraindications (disulfiram within 2 weeks)")),
    InteractionRow("rifampicin", "combined_oral_contraceptive", "reduced contraceptive efficacy", "major",
                   _bnf("Rifampicin", "interactions (combined hormonal contraceptives)")),
    # antiepileptics
    InteractionRow("carbamazepine", "combined_oral_contraceptive", "reduced contraceptive efficacy", "major",
                   _bnf("Carbamazepine", "interactions (combined hormonal contraceptives)")),
    InteractionRow("st_johns_wort", "combined_oral_contraceptive", "reduced contraceptive efficacy", "moderate",
                   _stk("combined hormonal contraceptives + St John's wort")),
    InteractionRow("carbamazepine", "clarithromycin", "carbamazepine toxicity (raised levels)", "major",
                   _stk("carbamazepine + macrolides")),
    InteractionRow("valproate", "lamotrigine", "raised lamotrigine levels (serious rash)", "major",
                   _fda("Lamictal (lamotrigine)", "valproate: reduce lamotrigine dose")),
    InteractionRow("valproate", "meropenem", "reduced valproate levels (breakthrough seizures)", "major",
                   _fda("Depakote (divalproex sodium)", "carbapenem antibiotics")),
    InteractionRow("phenytoin", "fluconazole", "phenytoin toxicity (raised levels)", "major",
                   _stk("phenytoin + fluconazole")),
    # CNS depressants
    InteractionRow("opioid", "benzodiazepine", _RESP, "major", _fda("OxyContin (oxycodone)",
                   "Boxed Warning (benzodiazepines)")),
    InteractionRow("opioid", "gabapentinoid", _RESP, "major", "FDA Drug Safety Communication (2019), gabapentinoids"),
    InteractionRow("opioid", "alcohol", _RESP, "major", _fda("OxyContin (oxycodone)", "alcohol")),
    InteractionRow("benzodiazepine", "alcohol", _RESP, "major", _fda("Xanax (alprazolam)", "alcohol")),
    InteractionRow("alprazolam", "ketoconazole", "raised alprazolam levels", _CONTRA,
                   _fda("Xanax (alprazolam)", "Contraindications (ketoconazole, itraconazole)")),
    InteractionRow("alprazolam", "itraconazole", "raised alprazolam levels", _CONTRA,
                   _fda("Xanax (alprazolam)", "Contraindications (ketoconazole, itraconazole)")),
    # others
    InteractionRow("allopurinol", "azathioprine", "bone-marrow toxicity (reduce azathioprine dose)", "major",
                   _fda("Zyloprim (allopurinol)", "azathioprine, mercaptopurine")),
    InteractionRow("fluticasone", "ritonavir", "Cushing's syndrome and adrenal suppression", "major",
                   _fda("Flonase (fluticasone)", "ritonavir")),
    InteractionRow("ondansetron", "apomorphine", "profound hypotension and loss of consciousness", _CONTRA,
                   _fda("Zofran (ondansetron)", "Contraindications (apomorphine)")),
    InteractionRow("sumatriptan", "ergotamine", "additive vasospasm (24 hours apart)", _CONTRA,
                   _fda("Imitrex (sumatriptan)", "Contraindications (ergot-containing drugs)")),
    InteractionRow("metformin", "alcohol", "lactic acidosis", "moderate", _fda("Glucophage (metformin)", "alcohol")),
    InteractionRow("metformin", "iodinated_contrast", "lactic acidosis (hold metformin)", "moderate",
                   _fda("Glucophage (metformin)", "iodinated contrast imaging")),
    InteractionRow("acetaminophen", "alcohol", "liver damage with 3 or more drinks a day", "moderate",
                   f"{_OTC_LABEL}, acetaminophen (liver warning)"),
)

CONTRAINDICATIONS: tuple[LinkRow, ...] = (
    LinkRow("nsaid", "peptic_ulcer", _bnf("NSAIDs",
            "contra-indications (active gastro-intestinal bleeding or ulceration)")),
    LinkRow("nsaid", "cabg_surgery", _fda("Motrin (ibuprofen)", "Contraindications (CABG surgery)")),
    LinkRow("nsaid", "severe_heart_failure", _bnf("NSAIDs", "contra-indications (severe heart failure)")),
    LinkRow("nsaid", "nsaid_hypersensitivity", _fda("Motrin (ibuprofen)", "Contraindications (asthma after NSAIDs)")),
    LinkRow("aspirin", "children_under_16", _bnf("Aspirin", "contra-indications (under 16 years: Reye's syndrome)")),
    LinkRow("diclofenac", "ischaemic_heart_disease", "MHRA Drug Safety Update (2013), diclofenac"),
    LinkRow("diclofenac", "cerebrovascular_disease", "MHRA Drug Safety Update (2013), diclofenac"),
    LinkRow("diclofenac", "peripheral_arterial_disease", "MHRA Drug Safety Update (2013), diclofenac"),
    LinkRow("diclofenac", "heart_failure", "MHRA Drug Safety Update (2013), diclofenac"),
    LinkRow("celecoxib", "sulfonamide_allergy", _fda("Celebrex (celecoxib)", "Contraindications (sulfonamides)")),
    LinkRow("acetaminophen", "liver_disease", _fda("Ofirmev (acetaminophen injection)", "Contraindications")),
    LinkRow("warfarin", "pregnancy", _fda("Coumadin (warfarin)", "Contraindications (pregnancy)")),
    LinkRow("warfarin", "active_bleeding", _fda("Coumadin (warfarin)", "Contraindications (haemorrhagic tendencies)")),
    LinkRow("direct_oral_anticoagulant", "active_bleeding", _fda("Eliquis (apixaban)", "Contraindications")),
    LinkRow("dabigatran", "mechanical_heart_valve", _fda("Pradaxa (dabigatran)", "Contraindications")),
    LinkRow("clopidogrel", "active_bleeding", _fda("Plavix (clopidogrel)", "Contraindications")),
    LinkRow("maoi", "pheochromocytoma", _fda("Nardil (phenelzine)", "Contraindications")),
    LinkRow("tca", "recent_myocardial_infarction", _fda("Elavil (amitriptyline)", "Contraindications")),
    LinkRow("bupropion", "epilepsy", _fda("Wellbutrin XL (bupropion)", "Contraindications (seizure disorder)")),
    LinkRow("bupropion", "eating_disorder", _fda("Wellbutrin XL (bupropion)", "Contraindications (bulimia, anorexia)")),
    LinkRow("ace_inhibitor", "pregnancy", _bnf("ACE inhibitors", "pregnancy (avoid; EU SmPC: 2nd and 3rd trimesters)")),
    LinkRow("arb", "pregnancy", _bnf("Angiotensin-II receptor antagonists", "pregnancy (avoid)")),
    LinkRow("beta_blocker", "severe_bradycardia", _fda("Tenormin (atenolol)", "Contraindications")),
    LinkRow("beta_blocker", "heart_block", _fda("Lopressor (metoprolol)", "Contraindications")),
    LinkRow("beta_blocker", "cardiogenic_shock", _fda("Lopressor (metoprolol)", "Contraindications")),
    LinkRow("propranolol", "asthma", _fda("Inderal (propranolol)", "Contraindications (bronchial asthma)")),
    LinkRow("non_dihydropyridine_ccb", "heart_block", _fda("Calan (verapamil)", "Contraindications")),
    LinkRow("non_dihydropyridine_ccb", "sick_sinus_syndrome", _fda("Calan (verapamil)", "Contraindications")),
    LinkRow("potassium_sparing_diuretic", "hyperkalaemia", _fda("Aldactone (spironolactone)", "Contraindications")),
    LinkRow("spironolactone", "addisons_disease", _fda("Aldactone (spironolactone)", "Contraindications")),
    LinkRow("spironolactone", "anuria", _fda("Aldactone (spironolactone)", "Contraindications")),
    LinkRow("furosemide", "anuria", _fda("Lasix (furosemide)", "Contraindications")),
    LinkRow("hydrochlorothiazide", "anuria", _fda("Microzide (hydrochlorothiazide)", "Contraindications")),
    LinkRow("penicillins", "penicillin_allergy", _bnf("Penicillins",
            "contra-indications (penicillin hypersensitivity)")),
    LinkRow("amoxicillin_clavulanate", "cholestatic_jaundice_history", _fda("Augmentin", "Contraindications")),
    LinkRow("metformin", "severe_renal_impairment", _fda("Glucophage (metformin)", "Contraindications (eGFR < 30)")),
    LinkRow("metformin", "diabetic_ketoacidosis", _fda("Glucophage (metformin)", "Contraindications")),
    LinkRow("glipizide", "diabetic_ketoacidosis", _fda("Glucotrol (glipizide)", "Contraindications")),
    LinkRow("pioglitazone", "severe_heart_failure", _fda("Actos (pioglitazone)", "Contraindications (NYHA III/IV)")),
    LinkRow("semaglutide", "medullary_thyroid_carcinoma", _fda("Ozempic (semaglutide)", "Contraindications")),
    LinkRow("semaglutide", "men2", _fda("Ozempic (semaglutide)", "Contraindications")),
    LinkRow("carbamazepine", "bone_marrow_depression", _fda("Tegretol (carbamazepine)", "Contraindications")),
    LinkRow("valproate", "liver_disease", _fda("Depakote (divalproex sodium)", "Contraindications")),
    LinkRow("valproate", "urea_cycle_disorder", _fda("Depakote (divalproex sodium)", "Contraindications")),
    LinkRow("valproate", "polg_mitochondrial_disorder", _fda("Depakote (divalproex sodium)", "Contraindications")),
    LinkRow("valproate", "pregnancy", _fda("Depakote (divalproex sodium)", "Contraindications (migraine prophylaxis)"),
            {"indication": "migraine prophylaxis"}),
    LinkRow("methotrexate", "pregnancy", _fda("Trexall (methotrexate)", "Contraindications (non-neoplastic diseases)"),
            {"indication": "non-neoplastic diseases"}),
    LinkRow("opioid", "respiratory_depression", _fda("OxyContin (oxycodone)", "Contraindications")),
    LinkRow("opioid", "gastrointestinal_obstruction", _fda("OxyContin (oxycodone)", "Contraindications")),
    LinkRow("codeine", "children_under_12", "FDA Drug Safety Communication (2017), codeine and tramadol in children"),
    LinkRow("tramadol", "children_under_12", "FDA Drug Safety Communication (2017), codeine and tramadol in children"),
    LinkRow("fentanyl", "opioid_non_tolerant", _fda("Duragesic (fentanyl transdermal)", "Contraindications")),
    LinkRow("diazepam", "myasthenia_gravis", _fda("Valium (diazepam)", "Contraindications")),
    LinkRow("diazepam", "sleep_apnoea", _fda("Valium (diazepam)", "Contraindications")),
    LinkRow("diazepam", "narrow_angle_glaucoma", _fda("Valium (diazepam)", "Contraindications")),
    LinkRow("alprazolam", "narrow_angle_glaucoma", _fda("Xanax (alprazolam)", "Contraindications")),
    LinkRow("zolpidem", "complex_sleep_behaviours", _fda("Ambien (zolpidem)", "Contraindications (Boxed Warning)")),
    LinkRow("promethazine", "children_under_2", _fda("Phenergan (promethazine)", "Boxed Warning")),
    LinkRow("prednisone", "systemic_fungal_infection", _fda("Deltasone (prednisone)", "Contraindications")),
    LinkRow("dexamethasone", "systemic_fungal_infection", _fda("Decadron (dexamethasone)", "Contraindications")),
    LinkRow("levothyroxine", "addisons_disease", _fda("Synthroid (levothyroxine)", "Contraindications")),
    LinkRow("sumatriptan", "ischaemic_heart_disease", _fda("Imitrex (sumatriptan)", "Contraindications")),
    LinkRow("sumatriptan", "uncontrolled_hypertension", _fda("Imitrex (sumatriptan)", "Contraindications")),
    LinkRow("isotretinoin", "pregnancy", _fda("Absorica (isotretinoin)", "Contraindications (pregnancy)")),
    LinkRow("finasteride", "pregnancy", _fda("Proscar (finasteride)", "Contraindications (pregnancy)")),
    LinkRow("metoclopramide", "pheochromocytoma", _fda("Reglan (metoclopramide)", "Contraindications")),
    LinkRow("metoclopramide", "gastrointestinal_obstruction", _fda("Reglan (metoclopramide)", "Contraindications")),
    LinkRow("metoclopramide", "epilepsy", _fda("Reglan (metoclopramide)", "Contraindications (seizure disorder)")),
    LinkRow("digoxin", "ventricular_fibrillation", _fda("Lanoxin (digoxin)", "Contraindications")),
    LinkRow("amiodarone", "heart_block", _fda("Cordarone (amiodarone)", "Contraindications")),
    LinkRow("amiodarone", "cardiogenic_shock", _fda("Cordarone (amiodarone)", "Contraindications")),
)

TREATS: tuple[LinkRow, ...] = tuple(
    LinkRow(drug, condition, _fda(label, "Indications and Usage"))
    for drug, condition, label in (
        ("acetaminophen", "pain", "Tylenol (acetaminophen)"),
        ("acetaminophen", "fever", "Tylenol (acetaminophen)"),
        ("ibuprofen", "pain", "Motrin (ibuprofen)"),
        ("ibuprofen", "fever", "Motrin (ibuprofen)"),
        ("naproxen", "pain", "Naprosyn (naproxen)"),
        ("sertraline", "depression", "Zoloft (sertraline)"),
        ("sertraline", "panic_disorder", "Zoloft (sertraline)"),
        ("fluoxetine", "depression", "Prozac (fluoxetine)"),
        ("escitalopram", "anxiety", "Lexapro (escitalopram)"),
        ("lisinopril", "hypertension", "Zestril (lisinopril)"),
        ("lisinopril", "heart_failure", "Zestril (lisinopril)"),
        ("losartan", "hypertension", "Cozaar (losartan)"),
        ("amlodipine", "hypertension", "Norvasc (amlodipine)"),
        ("amlodipine", "angina", "Norvasc (amlodipine)"),
        ("metoprolol", "hypertension", "Lopressor (metoprolol)"),
        ("metoprolol", "angina", "Lopressor (metoprolol)"),
        ("atorvastatin", "hypercholesterolaemia", "Lipitor (atorvastatin)"),
        ("simvastatin", "hypercholesterolaemia", "Zocor (simvastatin)"),
        ("metformin", "type_2_diabetes", "Glucophage (metformin)"),
        ("sitagliptin", "type_2_diabetes", "Januvia (sitagliptin)"),
        ("empagliflozin", "type_2_diabetes", "Jardiance (empagliflozin)"),
        ("sildenafil", "erectile_dysfunction", "Viagra (sildenafil)"),
        ("tadalafil", "erectile_dysfunction", "Cialis (tadalafil)"),
        ("tadalafil", "benign_prostatic_hyperplasia", "Cialis (tadalafil)"),
        ("nitroglycerin", "angina", "Nitrostat (nitroglycerin)"),
        ("levetiracetam", "epilepsy", "Keppra (levetiracetam)"),
        ("lamotrigine", "epilepsy", "Lamictal (lamotrigine)"),
        ("lamotrigine", "bipolar_disorder", "Lamictal (lamotrigine)"),
        ("lithium", "bipolar_disorder", "Lithobid (lithium carbonate)"),
        ("valproate", "epilepsy", "Depakote (divalproex sodium)"),
        ("valproate", "migraine", "Depakote (divalproex sodium)"),
        ("levothyroxine", "hypothyroidism", "Synthroid (levothyroxine)"),
        ("methimazole", "hyperthyroidism", "Tapazole (methimazole)"),
        ("omeprazole", "gerd", "Prilosec (omeprazole)"),
        ("famotidine", "gerd", "Pepcid (famotidine)"),
        ("cetirizine", "allergic_rhinitis", "Zyrtec (cetirizine)"),
        ("loratadine", "allergic_rhinitis", "Claritin (loratadine)"),
        ("allopurinol", "gout", "Zyloprim (allopurinol)"),
        ("colchicine", "gout", "Colcrys (colchicine)"),
        ("sumatriptan", "migraine", "Imitrex (sumatriptan)"),
        ("albuterol", "asthma", "Ventolin HFA (albuterol)"),
        ("montelukast", "asthma", "Singulair (montelukast)"),
        ("ondansetron", "nausea_and_vomiting", "Zofran (ondansetron)"),
        ("alprazolam", "anxiety", "Xanax (alprazolam)"),
        ("alprazolam", "panic_disorder", "Xanax (alprazolam)"),
        ("zolpidem", "insomnia", "Ambien (zolpidem)"),
        ("methotrexate", "rheumatoid_arthritis", "Trexall (methotrexate)"),
        ("tamsulosin", "benign_prostatic_hyperplasia", "Flomax (tamsulosin)"),
        ("finasteride", "benign_prostatic_hyperplasia", "Proscar (finasteride)"),
        ("isotretinoin", "acne", "Absorica (isotretinoin)"),
        ("naloxone", "opioid_overdose", "Narcan (naloxone) nasal spray"),
        ("amoxicillin", "bacterial_infection", "Amoxil (amoxicillin)"),
        ("doxycycline", "bacterial_infection", "Vibramycin (doxycycline)"),
        ("furosemide", "heart_failure", "Lasix (furosemide)"),
        ("spironolactone", "heart_failure", "Aldactone (spironolactone)"),
    )
)
