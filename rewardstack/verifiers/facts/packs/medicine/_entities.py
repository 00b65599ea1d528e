"""Entity tables of the medicine pack (demonstration data, NOT medical advice).

Names are split by ``|``. A drug row lists its classes (drug-class ids), its brand names and its
other names (international nonproprietary names, US/UK spellings, abbreviations, salt names); the
pack writes them all as aliases and keeps the split so the claims can be tagged ``brand_name`` or
``international_name``. A class row carries the reference its membership facts cite.

>>> len(DRUGS) >= 60, all(row.classes for row in DRUGS)
(True, True)
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["CLASSES", "CONDITIONS", "DRUGS", "NAMES", "SUBSTANCES", "ClassRow", "DrugRow", "TermRow"]


class ClassRow(NamedTuple):
    id: str
    aliases: tuple[str, ...]
    parents: tuple[str, ...]
    source: str  # what a membership (is_a) fact into this class cites


class DrugRow(NamedTuple):
    id: str
    classes: tuple[str, ...]
    brands: tuple[str, ...]
    other: tuple[str, ...]


class TermRow(NamedTuple):
    id: str
    aliases: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


def _c(id_: str, aliases: str, parents: str, source: str) -> ClassRow:
    atc = source if source.startswith(("BNF", "FDA", "NICE")) else f"WHO ATC/DDD Index, {source}"
    return ClassRow(id_, _split(aliases), _split(parents), atc)


def _d(id_: str, classes: str, brands: str = "", other: str = "") -> DrugRow:
    return DrugRow(id_, _split(classes), _split(brands), _split(other))


def _t(id_: str, aliases: str) -> TermRow:
    return TermRow(id_, _split(aliases))


# display names where the id's spelling is not the name people write
NAMES = {
    "amoxicillin_clavulanate": "amoxicillin-clavulanate",
    "sulfamethoxazole_trimethoprim": "sulfamethoxazole-trimethoprim",
    "sacubitril_valsartan": "sacubitril-valsartan",
    "penicillin_v": "penicillin V",
    "st_johns_wort": "St John's wort",
    "tetracycline_class": "tetracycline antibiotics",
    "serotonin_5ht3_antagonist": "5-HT3 antagonist",
    "five_alpha_reductase_inhibitor": "5-alpha reductase inhibitor",
    "addisons_disease": "Addison's disease",
}

CLASSES: tuple[ClassRow, ...] = (
    _c("analgesic", "analgesics|painkiller|painkillers|pain reliever|pain relievers|pain medication", "",
       "N02 analgesics"),
    _c("antipyretic", "antipyretics|fever reducer|fever reducers", "", "BNF, Paracetamol: indications (pain, pyrexia)"),
    _c("nsaid", "NSAID|NSAIDs|non-steroidal anti-inflammatory drug|non-steroidal anti-inflammatory drugs|"
       "nonsteroidal anti-inflammatory drug|nonsteroidal anti-inflammatory drugs|anti-inflammatory painkiller",
       "analgesic", "M01A anti-inflammatory and antirheumatic products, non-steroids"),
    _c("cox2_inhibitor", "COX-2 inhibitor|COX-2 inhibitors|coxib|coxibs|selective COX-2 inhibitor", "nsaid",
       "M01AH coxibs"),
    _c("salicylate", "salicylates", "nsaid", "N02BA salicylic acid and derivatives"),
    _c("opioid", "opioids|opioid analgesic|opioid analgesics|opiate|opiates|opioid painkiller|narcotic painkiller",
       "analgesic", "N02A opioids"),
    _c("opioid_antagonist", "opioid antagonists|opioid receptor antagonist", "",
       "BNF, Naloxone hydrochloride: opioid receptor antagonist"),
    _c("blood_thinner", "blood thinners|antithrombotic|antithrombotic agent|antithrombotics", "",
       "B01A antithrombotic agents"),
    _c("anticoagulant", "anticoagulants|anticoagulant drug", "blood_thinner",
       "BNF, Anticoagulants: oral and parenteral"),
    _c("vitamin_k_antagonist", "vitamin K antagonist|vitamin K antagonists|VKA|coumarin anticoagulant",
       "anticoagulant", "B01AA vitamin K antagonists"),
    _c("direct_oral_anticoagulant", "DOAC|DOACs|direct oral anticoagulants|NOAC|NOACs|novel oral anticoagulant",
       "anticoagulant", "NICE/BNF, direct oral anticoagulants (DOACs)"),
    _c("factor_xa_inhibitor", "factor Xa inhibitor|factor Xa inhibitors|Xa inhibitor", "direct_oral_anticoagulant",
       "B01AF direct factor Xa inhibitors"),
    _c("direct_thrombin_inhibitor", "direct thrombin inhibitors", "direct_oral_anticoagulant",
       "B01AE direct thrombin inhibitors"),
    _c("low_molecular_weight_heparin", "LMWH|low-molecular-weight heparin|low molecular weight heparins",
       "anticoagulant", "B01AB heparin group"),
    _c("antiplatelet", "antiplatelets|antiplatelet agent|antiplatelet drug|platelet inhibitor", "blood_thinner",
       "B01AC platelet aggregation inhibitors excl. heparin"),
    _c("p2y12_inhibitor", "P2Y12 inhibitor|P2Y12 inhibitors|P2Y12 receptor antagonist", "antiplatelet",
       "BNF, Clopidogrel: P2Y12 inhibitor (antiplatelet)"),
    _c("antidepressant", "antidepressants|antidepressant drug", "", "N06A antidepressants"),
    _c("ssri", "SSRI|SSRIs|selective serotonin reuptake inhibitor|selective serotonin reuptake inhibitors|"
       "selective serotonin re-uptake inhibitor", "antidepressant", "N06AB selective serotonin reuptake inhibitors"),
    _c("snri", "SNRI|SNRIs|serotonin-norepinephrine reuptake inhibitor|serotonin-noradrenaline reuptake inhibitor|"
       "serotonin and noradrenaline reuptake inhibitor", "antidepressant",
       "BNF, Antidepressants: serotonin and noradrenaline re-uptake inhibitors"),
    _c("maoi", "MAOI|MAOIs|monoamine oxidase inhibitor|monoamine oxidase inhibitors|MAO inhibitor|MAO inhibitors",
       "antidepressant", "N06AF monoamine oxidase inhibitors, non-selective"),
    _c("tca", "TCA|TCAs|tricyclic antidepressant|tricyclic antidepressants|tricyclic", "antidepressant",
       "N06AA non-selective monoamine reuptake inhibitors (tricyclic antidepressants)"),
    _c("atypical_antidepressant", "atypical antidepressants", "antidepressant", "N06AX other antidepressants"),
    _c("lipid_lowering_agent", "lipid-lowering drug|cholesterol-lowering drug|cholesterol-lowering medication|"
       "cholesterol medication", "", "C10 lipid modifying agents"),
    _c("statin", "statins|HMG-CoA reductase inhibitor|HMG-CoA reductase inhibitors", "lipid_lowering_agent",
       "C10AA HMG CoA reductase inhibitors"),
    _c("fibrate", "fibrates", "lipid_lowering_agent", "C10AB fibrates"),
    _c("antihypertensive", "antihypertensives|blood pressure medication|blood pressure medicine|blood pressure pill",
       "", "BNF, Hypertension: antihypertensive drugs"),
    _c("ace_inhibitor", "ACE inhibitor|ACE inhibitors|ACEI|angiotensin-converting enzyme inhibitor|"
       "angiotensin-converting enzyme inhibitors", "antihypertensive", "C09AA ACE inhibitors, plain"),
    _c("arb", "ARB|ARBs|angiotensin receptor blocker|angiotensin receptor blockers|angiotensin II receptor blocker|"
       "angiotensin II receptor antagonist|sartan|sartans", "antihypertensive",
       "C09CA angiotensin II receptor blockers (ARBs), plain"),
    _c("arni", "ARNI|angiotensin receptor-neprilysin inhibitor", "",
       "FDA label (DailyMed), Entresto (sacubitril and valsartan): angiotensin receptor-neprilysin inhibitor"),
    _c("beta_blocker", "beta blocker|beta blockers|beta-blocker|beta-blockers|beta-adrenergic blocker|β-blocker",
       "antihypertensive", "C07A beta blocking agents"),
    _c("cardioselective_beta_blocker", "cardioselective beta blocker|cardioselective beta-blocker|"
       "beta-1 selective blocker|selective beta-1 blocker", "beta_blocker", "C07AB beta blocking agents, selective"),
    _c("non_selective_beta_blocker", "non-selective beta blocker|nonselective beta blocker|non-selective beta-blocker",
       "beta_blocker", "C07AA beta blocking agents, non-selective"),
    _c("calcium_channel_blocker", "calcium channel blocker|calcium channel blockers|CCB|CCBs|calcium antagonist",
       "antihypertensive", "C08 calcium channel blockers"),
    _c("dihydropyridine_ccb", "dihydropyridine|dihydropyridines|dihydropyridine calcium channel blocker",
       "calcium_channel_blocker", "C08CA dihydropyridine derivatives"),
    _c("non_dihydropyridine_ccb", "non-dihydropyridine|non-dihydropyridine calcium channel blocker|"
       "rate-limiting calcium channel blocker", "calcium_channel_blocker",
       "C08D selective calcium channel blockers with direct cardiac effects"),
    _c("diuretic", "diuretics|water pill|water pills", "", "C03 diuretics"),
    _c("loop_diuretic", "loop diuretic|loop diuretics", "diuretic", "C03C high-ceiling diuretics"),
    _c("thiazide_diuretic", "thiazide|thiazides|thiazide diuretic|thiazide diuretics", "diuretic",
       "C03AA thiazides, plain"),
    _c("potassium_sparing_diuretic", "potassium-sparing diuretic|potassium-sparing diuretics|"
       "potassium sparing diuretic|K-sparing diuretic", "diuretic", "C03D potassium-sparing agents"),
    _c("aldosterone_antagonist", "aldosterone antagonist|aldosterone antagonists|mineralocorticoid receptor antagonist",
       "potassium_sparing_diuretic", "C03DA aldosterone antagonists"),
    _c("alpha_blocker", "alpha blocker|alpha blockers|alpha-blocker|alpha-blockers|alpha-1 blocker", "",
       "BNF, Alpha-adrenoceptor blockers"),
    _c("antibiotic", "antibiotics|antibacterial|antibacterials|antibacterial agent", "",
       "J01 antibacterials for systemic use"),
    _c("beta_lactam_antibiotic", "beta-lactam|beta-lactams|beta-lactam antibiotic|beta-lactam antibiotics",
       "antibiotic", "BNF, Beta-lactam antibacterials"),
    _c("penicillins", "penicillin|penicillin antibiotic|penicillin antibiotics|penicillin-class antibiotic",
       "beta_lactam_antibiotic", "J01C beta-lactam antibacterials, penicillins"),
    _c("cephalosporin", "cephalosporins|cephalosporin antibiotic", "beta_lactam_antibiotic", "BNF, Cephalosporins"),
    _c("carbapenem", "carbapenems", "beta_lactam_antibiotic", "J01DH carbapenems"),
    _c("macrolide", "macrolides|macrolide antibiotic|macrolide antibiotics", "antibiotic", "J01FA macrolides"),
    _c("fluoroquinolone", "fluoroquinolones|quinolone|quinolones|quinolone antibiotic|fluoroquinolone antibiotic",
       "antibiotic", "J01MA fluoroquinolones"),
    _c("tetracycline_class", "tetracyclines|tetracycline antibiotic|tetracycline class", "antibiotic",
       "J01AA tetracyclines"),
    _c("sulfonamide_antibiotic", "sulfonamide antibiotic|sulfonamides|sulfa drug|sulfa antibiotic|sulphonamide",
       "antibiotic", "J01E sulfonamides and trimethoprim"),
    _c("aminoglycoside", "aminoglycosides|aminoglycoside antibiotic", "antibiotic",
       "J01G aminoglycoside antibacterials"),
    _c("nitroimidazole", "nitroimidazoles|nitroimidazole antibiotic", "antibiotic",
       "BNF, Metronidazole: nitroimidazole antibacterial"),
    _c("oxazolidinone", "oxazolidinones", "antibiotic", "BNF, Linezolid: oxazolidinone antibacterial"),
    _c("rifamycin", "rifamycins", "antibiotic", "BNF, Rifampicin: rifamycin antibacterial"),
    _c("antifungal", "antifungals|antifungal agent", "", "J02 antimycotics for systemic use"),
    _c("azole_antifungal", "azole antifungal|azole antifungals|azoles|triazole antifungal", "antifungal",
       "BNF, Triazole and imidazole antifungals"),
    _c("antiviral", "antivirals|antiviral drug", "", "J05 antivirals for systemic use"),
    _c("hiv_protease_inhibitor", "HIV protease inhibitor|HIV protease inhibitors|protease inhibitor", "antiviral",
       "J05AE protease inhibitors"),
    _c("antidiabetic", "antidiabetics|diabetes medication|diabetes medicine|glucose-lowering drug|antidiabetic agent|"
       "blood sugar medication", "", "A10 drugs used in diabetes"),
    _c("biguanide", "biguanides", "antidiabetic", "A10BA biguanides"),
    _c("sulfonylurea", "sulfonylureas|sulphonylurea|sulphonylureas", "antidiabetic", "A10BB sulfonylureas"),
    _c("dpp4_inhibitor", "DPP-4 inhibitor|DPP-4 inhibitors|gliptin|gliptins|dipeptidyl peptidase-4 inhibitor",
       "antidiabetic", "A10BH dipeptidyl peptidase 4 (DPP-4) inhibitors"),
    _c("sglt2_inhibitor", "SGLT2 inhibitor|SGLT2 inhibitors|SGLT-2 inhibitor|gliflozin|gliflozins", "antidiabetic",
       "A10BK sodium-glucose co-transporter 2 (SGLT2) inhibitors"),
    _c("thiazolidinedione", "thiazolidinediones|glitazone|glitazones|TZD", "antidiabetic", "A10BG thiazolidinediones"),
    _c("glp1_receptor_agonist", "GLP-1 receptor agonist|GLP-1 receptor agonists|GLP-1 agonist|GLP-1 RA",
       "antidiabetic", "A10BJ glucagon-like peptide-1 (GLP-1) analogues"),
    _c("pde5_inhibitor", "PDE5 inhibitor|PDE5 inhibitors|PDE-5 inhibitor|phosphodiesterase-5 inhibitor|"
       "phosphodiesterase type 5 inhibitor", "", "G04BE drugs used in erectile dysfunction"),
    _c("antianginal", "antianginals|antianginal drug", "", "C01D vasodilators used in cardiac diseases"),
    _c("nitrate", "nitrates|organic nitrate|organic nitrates|nitrate medication|nitrate medicines", "antianginal",
       "C01DA organic nitrates"),
    _c("antiepileptic", "antiepileptics|anticonvulsant|anticonvulsants|anti-seizure medication|antiseizure medication|"
       "antiepileptic drug", "", "N03 antiepileptics"),
    _c("gabapentinoid", "gabapentinoids", "antiepileptic", "BNF, Gabapentin and pregabalin (gabapentinoids)"),
    _c("mood_stabilizer", "mood stabiliser|mood stabilizers|mood stabilisers", "",
       "BNF, Bipolar disorder and mania: mood stabilisers"),
    _c("antimetabolite", "antimetabolites", "", "L01B antimetabolites"),
    _c("dmard", "DMARD|DMARDs|disease-modifying antirheumatic drug", "",
       "BNF, Rheumatoid arthritis: disease-modifying antirheumatic drugs"),
    _c("immunosuppressant", "immunosuppressants|immunosuppressive drug", "", "L04 immunosuppressants"),
    _c("sedative_hypnotic", "sedative|sedatives|hypnotic|hypnotics|sedative-hypnotic|sleeping pill|sleeping pills",
       "", "N05C hypnotics and sedatives"),
    _c("benzodiazepine", "benzodiazepines|benzo|benzos", "sedative_hypnotic", "N05BA benzodiazepine derivatives"),
    _c("z_drug", "Z-drug|Z-drugs|nonbenzodiazepine hypnotic|non-benzodiazepine hypnotic", "sedative_hypnotic",
       "N05CF benzodiazepine related drugs"),
    _c("acid_suppressant", "acid reducer|acid reducers|acid-suppressing drug", "",
       "A02B drugs for peptic ulcer and gastro-oesophageal reflux disease"),
    _c("proton_pump_inhibitor", "PPI|PPIs|proton pump inhibitors|proton-pump inhibitor", "acid_suppressant",
       "A02BC proton pump inhibitors"),
    _c("h2_receptor_antagonist", "H2 blocker|H2 blockers|H2 receptor antagonist|H2-receptor antagonist|H2 antagonist",
       "acid_suppressant", "A02BA H2-receptor antagonists"),
    _c("antacid", "antacids", "", "A02A antacids"),
    _c("antihistamine", "antihistamines|H1 antihistamine|H1 blocker", "", "R06A antihistamines for systemic use"),
    _c("first_generation_antihistamine", "first-generation antihistamine|first generation antihistamine|"
       "sedating antihistamine|sedating antihistamines", "antihistamine", "BNF, Antihistamines: sedating"),
    _c("second_generation_antihistamine", "second-generation antihistamine|second generation antihistamine|"
       "non-sedating antihistamine|non-sedating antihistamines|non-drowsy antihistamine", "antihistamine",
       "BNF, Antihistamines: non-sedating"),
    _c("decongestant", "decongestants|nasal decongestant", "", "R01B nasal decongestants for systemic use"),
    _c("corticosteroid", "corticosteroids|steroid|steroids|glucocorticoid|glucocorticoids", "", "BNF, Corticosteroids"),
    _c("thyroid_hormone", "thyroid hormones|thyroid hormone replacement", "", "H03AA thyroid hormones"),
    _c("antithyroid_agent", "antithyroid drug|antithyroid drugs|thionamide", "",
       "H03BB sulfur-containing imidazole derivatives"),
    _c("antigout_agent", "gout medication|antigout drug|anti-gout medication", "", "M04 antigout preparations"),
    _c("xanthine_oxidase_inhibitor", "xanthine oxidase inhibitors", "antigout_agent",
       "M04AA preparations inhibiting uric acid production"),
    _c("cardiac_glycoside", "cardiac glycosides|digitalis glycoside", "", "C01AA digitalis glycosides"),
    _c("antiarrhythmic", "antiarrhythmics|antiarrhythmic drug", "", "C01B antiarrhythmics, class I and III"),
    _c("serm", "SERM|selective estrogen receptor modulator|selective oestrogen receptor modulator", "",
       "BNF, Tamoxifen: anti-oestrogen (selective oestrogen receptor modulator)"),
    _c("retinoid", "retinoids", "", "D10BA retinoids for treatment of acne"),
    _c("bronchodilator", "bronchodilators", "", "R03 drugs for obstructive airway diseases"),
    _c("beta2_agonist", "beta-2 agonist|beta2 agonist|beta-2 agonists|SABA|short-acting beta agonist|"
       "short-acting beta-2 agonist", "bronchodilator", "R03AC selective beta-2-adrenoreceptor agonists"),
    _c("methylxanthine", "methylxanthines|xanthine bronchodilator", "bronchodilator", "R03DA xanthines"),
    _c("leukotriene_receptor_antagonist", "leukotriene receptor antagonist|leukotriene antagonist|LTRA", "",
       "R03DC leukotriene receptor antagonists"),
    _c("muscle_relaxant", "muscle relaxants|skeletal muscle relaxant", "", "M03 muscle relaxants"),
    _c("antiemetic", "antiemetics|anti-sickness medicine|anti-nausea medication", "",
       "A04A antiemetics and antinauseants"),
    _c("serotonin_5ht3_antagonist", "5-HT3 antagonist|5-HT3 receptor antagonist|serotonin 5-HT3 receptor antagonist",
       "antiemetic", "A04AA serotonin (5HT3) antagonists"),
    _c("triptan", "triptans", "", "N02CC selective serotonin (5HT1) agonists"),
    _c("ergot_alkaloid", "ergot alkaloid|ergot alkaloids|ergot derivative", "", "N02CA ergot alkaloids"),
    _c("five_alpha_reductase_inhibitor", "5-alpha reductase inhibitor|5-alpha-reductase inhibitor|5-ARI", "",
       "G04CB testosterone-5-alpha reductase inhibitors"),
    _c("antipsychotic", "antipsychotics|neuroleptic", "", "N05A antipsychotics"),
    _c("dopamine_agonist", "dopamine agonists", "", "N04BC dopamine agonists"),
    _c("alcohol_deterrent", "alcohol-aversive drug", "", "N07BB drugs used in alcohol dependence"),
    _c("antitussive", "antitussives|cough suppressant|cough suppressants", "", "R05D cough suppressants"),
    _c("potassium_supplement", "potassium supplement|potassium supplements", "", "A12BA potassium"),
    _c("iron_supplement", "iron supplement|iron supplements|iron tablets", "",
       "B03AA iron bivalent, oral preparations"),
    _c("combined_oral_contraceptive", "combined pill|combined oral contraceptives|birth control pill|"
       "birth control pills|oral contraceptive pill|COC|COCs", "",
       "G03AA progestogens and estrogens, fixed combinations"),
)

DRUGS: tuple[DrugRow, ...] = (
    # analgesics and NSAIDs
    _d("acetaminophen", "analgesic|antipyretic", "Tylenol|Panadol|Calpol|Tempra|Doliprane|Dafalgan|Efferalgan",
       "paracetamol|APAP"),
    _d("ibuprofen", "nsaid|antipyretic", "Advil|Motrin|Nurofen|Brufen"),
    _d("naproxen", "nsaid", "Aleve|Naprosyn|Anaprox|Naprelan", "naproxen sodium"),
    _d("aspirin", "salicylate|antiplatelet", "Bayer Aspirin|Ecotrin|Disprin|Aspro", "acetylsalicylic acid|ASA"),
    _d("diclofenac", "nsaid", "Voltaren|Voltarol|Cataflam|Zipsor", "diclofenac sodium|diclofenac potassium"),
    _d("celecoxib", "cox2_inhibitor", "Celebrex"),
    # anticoagulants and antiplatelets
    _d("warfarin", "vitamin_k_antagonist", "Coumadin|Jantoven|Marevan", "warfarin sodium"),
    _d("apixaban", "factor_xa_inhibitor", "Eliquis"),
    _d("rivaroxaban", "factor_xa_inhibitor", "Xarelto"),
    _d("dabigatran", "direct_thrombin_inhibitor", "Pradaxa", "dabigatran etexilate"),
    _d("enoxaparin", "low_molecular_weight_heparin", "Lovenox|Clexane"),
    _d("clopidogrel", "p2y12_inhibitor", "Plavix"),
    # antidepressants
    _d("sertraline", "ssri", "Zoloft|Lustral"),
    _d("fluoxetine", "ssri", "Prozac|Sarafem"),
    _d("citalopram", "ssri", "Celexa|Cipramil"),
    _d("escitalopram", "ssri", "Lexapro|Cipralex"),
    _d("paroxetine", "ssri", "Paxil|Seroxat|Pexeva"),
    _d("venlafaxine", "snri", "Effexor|Effexor XR|Efexor"),
    _d("duloxetine", "snri", "Cymbalta"),
    _d("phenelzine", "maoi", "Nardil"),
    _d("tranylcypromine", "maoi", "Parnate"),
    _d("amitriptyline", "tca", "Elavil|Endep"),
    _d("nortriptyline", "tca", "Pamelor|Aventyl|Allegron"),
    _d("bupropion", "atypical_antidepressant", "Wellbutrin|Wellbutrin XL|Wellbutrin SR|Zyban", "amfebutamone"),
    _d("mirtazapine", "atypical_antidepressant", "Remeron|Zispin"),
    _d("lithium", "mood_stabilizer", "Priadel|Camcolit|Lithobid|Eskalith", "lithium carbonate|lithium citrate"),
    # statins and other lipid-lowering drugs
    _d("simvastatin", "statin", "Zocor"),
    _d("atorvastatin", "statin", "Lipitor"),
    _d("rosuvastatin", "statin", "Crestor"),
    _d("pravastatin", "statin", "Pravachol|Lipostat"),
    _d("lovastatin", "statin", "Mevacor|Altoprev"),
    _d("gemfibrozil", "fibrate", "Lopid"),
    # ACE inhibitors, ARBs, ARNI
    _d("lisinopril", "ace_inhibitor", "Zestril|Prinivil|Qbrelis"),
    _d("enalapril", "ace_inhibitor", "Vasotec|Innovace"),
    _d("ramipril", "ace_inhibitor", "Altace|Tritace"),
    _d("losartan", "arb", "Cozaar"),
    _d("valsartan", "arb", "Diovan"),
    _d("candesartan", "arb", "Atacand|Amias"),
    _d("irbesartan", "arb", "Avapro|Aprovel"),
    _d("sacubitril_valsartan", "arni", "Entresto", "sacubitril/valsartan|sacubitril and valsartan"),
    # beta blockers
    _d("metoprolol", "cardioselective_beta_blocker", "Lopressor|Toprol-XL|Betaloc",
       "metoprolol tartrate|metoprolol succinate"),
    _d("atenolol", "cardioselective_beta_blocker", "Tenormin"),
    _d("bisoprolol", "cardioselective_beta_blocker", "Zebeta|Concor|Cardicor"),
    _d("propranolol", "non_selective_beta_blocker", "Inderal|Inderal LA"),
    _d("carvedilol", "non_selective_beta_blocker", "Coreg|Eucardic"),
    # calcium channel blockers
    _d("amlodipine", "dihydropyridine_ccb", "Norvasc|Istin"),
    _d("nifedipine", "dihydropyridine_ccb", "Procardia|Adalat"),
    _d("diltiazem", "non_dihydropyridine_ccb", "Cardizem|Tiazac|Adizem"),
    _d("verapamil", "non_dihydropyridine_ccb", "Calan|Isoptin|Securon|Verelan"),
    # diuretics
    _d("furosemide", "loop_diuretic", "Lasix", "frusemide"),
    _d("hydrochlorothiazide", "thiazide_diuretic", "Microzide|HydroDIURIL", "HCTZ"),
    _d("spironolactone", "aldosterone_antagonist", "Aldactone"),
    _d("eplerenone", "aldosterone_antagonist", "Inspra"),
    _d("amiloride", "potassium_sparing_diuretic", "Midamor"),
    # antibiotics
    _d("amoxicillin", "penicillins", "Amoxil|Moxatag", "amoxycillin"),
    _d("amoxicillin_clavulanate", "penicillins", "Augmentin",
       "co-amoxiclav|amoxicillin/clavulanic acid|amoxicillin and clavulanate"),
    _d("penicillin_v", "penicillins", "", "phenoxymethylpenicillin|penicillin VK|Pen VK"),
    _d("cephalexin", "cephalosporin", "Keflex", "cefalexin"),
    _d("meropenem", "carbapenem", "Merrem|Meronem"),
    _d("azithromycin", "macrolide", "Zithromax|Z-Pak|Zmax"),
    _d("clarithromycin", "macrolide", "Biaxin|Klacid"),
    _d("erythromycin", "macrolide", "Ery-Tab|Erythrocin|E-Mycin"),
    _d("ciprofloxacin", "fluoroquinolone", "Cipro|Ciproxin"),
    _d("levofloxacin", "fluoroquinolone", "Levaquin|Tavanic"),
    _d("moxifloxacin", "fluoroquinolone", "Avelox"),
    _d("doxycycline", "tetracycline_class", "Vibramycin|Doryx|Vibra-Tabs"),
    _d("tetracycline", "tetracycline_class", "Sumycin"),
    _d("trimethoprim", "antibiotic", "Primsol|Trimpex|Monotrim"),
    _d("sulfamethoxazole_trimethoprim", "sulfonamide_antibiotic", "Bactrim|Septra",
       "co-trimoxazole|cotrimoxazole|TMP-SMX|SMX-TMP|trimethoprim-sulfamethoxazole|sulfamethoxazole/trimethoprim"),
    _d("metronidazole", "nitroimidazole", "Flagyl"),
    _d("linezolid", "oxazolidinone", "Zyvox"),
    _d("rifampicin", "rifamycin", "Rifadin|Rimactane", "rifampin"),
    _d("gentamicin", "aminoglycoside", "Garamycin|Cidomycin"),
    # antifungals and antivirals
    _d("fluconazole", "azole_antifungal", "Diflucan"),
    _d("ketoconazole", "azole_antifungal", "Nizoral"),
    _d("itraconazole", "azole_antifungal", "Sporanox"),
    _d("ritonavir", "hiv_protease_inhibitor", "Norvir"),
    # antidiabetics
    _d("metformin", "biguanide", "Glucophage|Glucophage XR|Fortamet|Glumetza", "metformin hydrochloride"),
    _d("glipizide", "sulfonylurea", "Glucotrol|Glucotrol XL"),
    _d("glyburide", "sulfonylurea", "Diabeta|Micronase|Glynase|Daonil", "glibenclamide"),
    _d("gliclazide", "sulfonylurea", "Diamicron"),
    _d("sitagliptin", "dpp4_inhibitor", "Januvia"),
    _d("empagliflozin", "sglt2_inhibitor", "Jardiance"),
    _d("dapagliflozin", "sglt2_inhibitor", "Farxiga|Forxiga"),
    _d("pioglitazone", "thiazolidinedione", "Actos"),
    _d("semaglutide", "glp1_receptor_agonist", "Ozempic|Wegovy|Rybelsus"),
    # PDE5 inhibitors and nitrates
    _d("sildenafil", "pde5_inhibitor", "Viagra|Revatio"),
    _d("tadalafil", "pde5_inhibitor", "Cialis|Adcirca"),
    _d("vardenafil", "pde5_inhibitor", "Levitra|Staxyn"),
    _d("nitroglycerin", "nitrate", "Nitrostat|Nitro-Dur|Nitrolingual",
       "glyceryl trinitrate|GTN|nitroglycerine"),
    _d("isosorbide_mononitrate", "nitrate", "Imdur|Monoket|Elantan", "ISMN"),
    _d("isosorbide_dinitrate", "nitrate", "Isordil", "ISDN"),
    # antiepileptics
    _d("carbamazepine", "antiepileptic", "Tegretol|Carbatrol|Epitol"),
    _d("valproate", "antiepileptic|mood_stabilizer", "Depakote|Depakene|Epilim|Epival",
       "valproic acid|sodium valproate|divalproex|divalproex sodium"),
    _d("lamotrigine", "antiepileptic|mood_stabilizer", "Lamictal"),
    _d("phenytoin", "antiepileptic", "Dilantin|Epanutin"),
    _d("levetiracetam", "antiepileptic", "Keppra"),
    _d("gabapentin", "gabapentinoid", "Neurontin"),
    _d("pregabalin", "gabapentinoid", "Lyrica"),
    _d("topiramate", "antiepileptic", "Topamax"),
    # immunology and cancer
    _d("methotrexate", "antimetabolite|dmard", "Trexall|Otrexup|Rasuvo|Maxtrex", "MTX"),
    _d("azathioprine", "immunosuppressant", "Imuran"),
    _d("cyclosporine", "immunosuppressant", "Neoral|Sandimmune", "ciclosporin|cyclosporin"),
    _d("tamoxifen", "serm", "Nolvadex|Soltamox"),
    # opioids and antagonists
    _d("morphine", "opioid", "MS Contin|Oramorph|Sevredol", "morphine sulfate"),
    _d("oxycodone", "opioid", "OxyContin|Roxicodone|OxyNorm"),
    _d("codeine", "opioid", "", "codeine phosphate"),
    _d("tramadol", "opioid", "Ultram|Zydol|ConZip"),
    _d("hydrocodone", "opioid", "Zohydro ER|Hysingla ER"),
    _d("fentanyl", "opioid", "Duragesic|Durogesic|Actiq"),
    _d("meperidine", "opioid", "Demerol", "pethidine"),
    _d("methadone", "opioid", "Dolophine|Methadose"),
    _d("naloxone", "opioid_antagonist", "Narcan"),
    # benzodiazepines and hypnotics
    _d("diazepam", "benzodiazepine", "Valium"),
    _d("alprazolam", "benzodiazepine", "Xanax"),
    _d("lorazepam", "benzodiazepine", "Ativan"),
    _d("clonazepam", "benzodiazepine", "Klonopin|Rivotril"),
    _d("temazepam", "benzodiazepine", "Restoril"),
    _d("zolpidem", "z_drug", "Ambien|Stilnox|Edluar"),
    # acid suppression and antacids
    _d("omeprazole", "proton_pump_inhibitor", "Prilosec|Prilosec OTC|Losec"),
    _d("esomeprazole", "proton_pump_inhibitor", "Nexium"),
    _d("pantoprazole", "proton_pump_inhibitor", "Protonix|Protium"),
    _d("lansoprazole", "proton_pump_inhibitor", "Prevacid|Zoton"),
    _d("famotidine", "h2_receptor_antagonist", "Pepcid|Pepcid AC"),
    _d("calcium_carbonate", "antacid", "Tums"),
    # antihistamines and decongestants
    _d("cetirizine", "second_generation_antihistamine", "Zyrtec|Reactine"),
    _d("loratadine", "second_generation_antihistamine", "Claritin|Clarityn"),
    _d("fexofenadine", "second_generation_antihistamine", "Allegra|Telfast"),
    _d("diphenhydramine", "first_generation_antihistamine", "Benadryl|Nytol"),
    _d("chlorpheniramine", "first_generation_antihistamine", "Piriton|Chlor-Trimeton", "chlorphenamine"),
    _d("promethazine", "first_generation_antihistamine", "Phenergan"),
    _d("pseudoephedrine", "decongestant", "Sudafed"),
    # corticosteroids
    _d("prednisone", "corticosteroid", "Deltasone|Rayos"),
    _d("prednisolone", "corticosteroid", "Orapred|Millipred"),
    _d("dexamethasone", "corticosteroid", "Decadron"),
    _d("hydrocortisone", "corticosteroid", "Cortef|Solu-Cortef"),
    _d("fluticasone", "corticosteroid", "Flonase|Flovent|Flixonase|Flixotide"),
    # thyroid
    _d("levothyroxine", "thyroid_hormone", "Synthroid|Levoxyl|Euthyrox|Eltroxin|Tirosint", "L-thyroxine|thyroxine"),
    _d("liothyronine", "thyroid_hormone", "Cytomel"),
    _d("methimazole", "antithyroid_agent", "Tapazole", "thiamazole"),
    _d("carbimazole", "antithyroid_agent", "Neo-Mercazole"),
    # cardiology, respiratory, gout, urology and others
    _d("digoxin", "cardiac_glycoside", "Lanoxin"),
    _d("amiodarone", "antiarrhythmic", "Cordarone|Pacerone"),
    _d("allopurinol", "xanthine_oxidase_inhibitor", "Zyloprim|Zyloric"),
    _d("colchicine", "antigout_agent", "Colcrys|Mitigare"),
    _d("albuterol", "beta2_agonist", "Ventolin|ProAir|Proventil", "salbutamol"),
    _d("theophylline", "methylxanthine", "Theo-24|Uniphyl|Nuelin"),
    _d("montelukast", "leukotriene_receptor_antagonist", "Singulair"),
    _d("tizanidine", "muscle_relaxant", "Zanaflex"),
    _d("ondansetron", "serotonin_5ht3_antagonist", "Zofran"),
    _d("metoclopramide", "antiemetic", "Reglan|Maxolon"),
    _d("sumatriptan", "triptan", "Imitrex|Imigran"),
    _d("ergotamine", "ergot_alkaloid", "Ergomar"),
    _d("doxazosin", "alpha_blocker|antihypertensive", "Cardura"),
    _d("tamsulosin", "alpha_blocker", "Flomax"),
    _d("finasteride", "five_alpha_reductase_inhibitor", "Proscar|Propecia"),
    _d("isotretinoin", "retinoid", "Accutane|Roaccutane|Absorica"),
    _d("pimozide", "antipsychotic", "Orap"),
    _d("apomorphine", "dopamine_agonist", "Apokyn"),
    _d("disulfiram", "alcohol_deterrent", "Antabuse"),
    _d("dextromethorphan", "antitussive", "Delsym", "DXM"),
    _d("potassium_chloride", "potassium_supplement", "K-Tab|Klor-Con|Slow-K"),
    _d("ferrous_sulfate", "iron_supplement", "Feosol", "ferrous sulphate"),
)

CONDITIONS: tuple[TermRow, ...] = (
    _t("hypertension", "high blood pressure"),
    _t("depression", "major depressive disorder|MDD|clinical depression"),
    _t("anxiety", "generalised anxiety disorder|generalized anxiety disorder|GAD|anxiety disorder"),
    _t("panic_disorder", "panic attacks"),
    _t("insomnia", "trouble sleeping"),
    _t("bipolar_disorder", "bipolar|manic depression"),
    _t("type_2_diabetes", "type 2 diabetes mellitus|T2DM|type II diabetes"),
    _t("erectile_dysfunction", "ED|impotence"),
    _t("epilepsy", "seizure disorder|seizure disorders|seizures"),
    _t("hypothyroidism", "underactive thyroid"),
    _t("hyperthyroidism", "overactive thyroid"),
    _t("pain", "mild to moderate pain"),
    _t("fever", "pyrexia|high temperature"),
    _t("gerd", "GORD|acid reflux|heartburn|gastro-oesophageal reflux disease|gastroesophageal reflux disease"),
    _t("allergic_rhinitis", "hay fever|seasonal allergies"),
    _t("angina", "angina pectoris"),
    _t("hypercholesterolaemia", "hypercholesterolemia|high cholesterol"),
    _t("heart_failure", "congestive heart failure|CHF|cardiac failure"),
    _t("severe_heart_failure", "NYHA class III or IV heart failure|NYHA class III/IV heart failure"),
    _t("gout", "gouty arthritis"),
    _t("migraine", "migraine headache|migraines"),
    _t("asthma", "bronchial asthma"),
    _t("nausea_and_vomiting", "nausea|vomiting"),
    _t("rheumatoid_arthritis", "RA"),
    _t("benign_prostatic_hyperplasia", "BPH|enlarged prostate"),
    _t("acne", "severe nodular acne|severe acne"),
    _t("opioid_overdose", "opioid overdoses"),
    _t("liver_disease", "severe liver disease|hepatic disease|severe hepatic impairment|liver failure|"
       "significant hepatic dysfunction"),
    _t("severe_renal_impairment",
       "severe kidney disease|severe renal impairment|eGFR below 30|severe kidney impairment"),
    _t("active_bleeding", "active pathological bleeding|active haemorrhage|active hemorrhage"),
    _t("pregnancy", "pregnant|pregnant women"),
    _t("children_under_16", "children under 16|under-16s|children younger than 16"),
    _t("children_under_12", "children under 12|under-12s|children younger than 12"),
    _t("children_under_2", "children under 2|children under two|toddlers under 2"),
    _t("peptic_ulcer", "active peptic ulcer|stomach ulcer|stomach ulcers|gastrointestinal bleeding|GI bleeding"),
    _t("cabg_surgery", "coronary artery bypass graft surgery|CABG|heart bypass surgery"),
    _t("ischaemic_heart_disease", "ischemic heart disease|coronary artery disease|coronary heart disease"),
    _t("cerebrovascular_disease", "history of stroke|stroke"),
    _t("peripheral_arterial_disease", "peripheral artery disease|PAD"),
    _t("nsaid_hypersensitivity", "aspirin-sensitive asthma|NSAID hypersensitivity|aspirin allergy"),
    _t("sulfonamide_allergy", "sulfa allergy|sulphonamide allergy|sulfonamide hypersensitivity"),
    _t("penicillin_allergy", "penicillin hypersensitivity|allergic to penicillin"),
    _t("cholestatic_jaundice_history", "history of cholestatic jaundice|previous cholestatic jaundice"),
    _t("mechanical_heart_valve", "mechanical prosthetic heart valve|mechanical heart valves"),
    _t("hyperkalaemia", "hyperkalemia|high potassium|high blood potassium"),
    _t("addisons_disease", "Addison disease|adrenal insufficiency|uncorrected adrenal insufficiency"),
    _t("anuria", "anuric"),
    _t("severe_bradycardia", "sinus bradycardia|slow heart rate"),
    _t("heart_block", "second- or third-degree heart block|second- or third-degree AV block|AV block"),
    _t("sick_sinus_syndrome", "sick sinus"),
    _t("cardiogenic_shock", "cardiogenic shock"),
    _t("recent_myocardial_infarction", "recent heart attack|acute recovery phase after myocardial infarction"),
    _t("diabetic_ketoacidosis", "DKA|metabolic acidosis"),
    _t("medullary_thyroid_carcinoma", "MTC|medullary thyroid cancer"),
    _t("men2", "multiple endocrine neoplasia type 2|MEN 2|MEN2 syndrome"),
    _t("eating_disorder", "bulimia|anorexia nervosa|bulimia nervosa"),
    _t("pheochromocytoma", "phaeochromocytoma"),
    _t("bone_marrow_depression", "bone marrow suppression|history of bone marrow depression"),
    _t("urea_cycle_disorder", "urea cycle disorders"),
    _t("polg_mitochondrial_disorder", "POLG mutation|POLG-related mitochondrial disease|mitochondrial disorder"),
    _t("respiratory_depression", "significant respiratory depression"),
    _t("gastrointestinal_obstruction", "bowel obstruction|paralytic ileus|GI obstruction"),
    _t("opioid_non_tolerant", "opioid-naive patients|opioid-naïve|opioid non-tolerant patients"),
    _t("myasthenia_gravis", "myasthenia"),
    _t("sleep_apnoea", "sleep apnea|sleep apnoea syndrome|obstructive sleep apnoea"),
    _t("narrow_angle_glaucoma", "acute narrow-angle glaucoma|angle-closure glaucoma"),
    _t("complex_sleep_behaviours", "complex sleep behaviors|sleepwalking|sleep-driving"),
    _t("systemic_fungal_infection", "systemic fungal infections"),
    _t("uncontrolled_hypertension", "severe uncontrolled high blood pressure"),
    _t("ventricular_fibrillation", "VF"),
    _t("bacterial_infection", "bacterial infections"),
)

SUBSTANCES: tuple[TermRow, ...] = (
    _t("alcohol", "ethanol|alcoholic drinks|alcoholic beverages|drinking alcohol"),
    _t("grapefruit_juice", "grapefruit"),
    _t("tyramine", "tyramine-rich foods|aged cheese|aged cheeses"),
    _t("st_johns_wort", "St. John's wort|St John's wort|Hypericum perforatum|hypericum"),
    _t("iodinated_contrast", "iodinated contrast|iodinated contrast media|contrast dye|X-ray contrast dye"),
)
