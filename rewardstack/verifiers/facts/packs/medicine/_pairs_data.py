"""Response pairs of the medicine pack: a fluent, confident, wrong answer and a hedged, correct one.

Each row lists the claims its responses make that the KB decides: at least one of the wrong answer's
is contradicted, and every one of the right answer's is supported (the builder checks both). The
wrong answers avoid true KB claims, so the pair tests the contradiction, not a count of claims.
Demonstration data, NOT medical advice.

>>> len(PAIRS) >= 60
True
"""

from __future__ import annotations

from rewardstack.verifiers.facts.packs.medicine._rows import PairRow, ci, dose, isa, ix, no

__all__ = ["PAIRS"]

IX, D, L, K = "interaction", "dose", "class", "contraindication"
OTC = {"availability": "otc"}
RX = {"availability": "prescription"}

PAIRS: tuple[PairRow, ...] = (
    PairRow(IX, "Can I take ibuprofen while I'm on warfarin?",
            "Yes, absolutely. Ibuprofen does not interact with warfarin, so you can take it at normal doses for your "
            "aches and pains. It's about as gentle as it gets.",
            (no(ix("ibuprofen", "warfarin")),),
            "I'd be careful here. Ibuprofen can increase the risk of bleeding when taken with warfarin, because NSAIDs "
            "and warfarin interact. Please check with your pharmacist or the clinic that manages your INR before "
            "taking it; they may suggest an alternative.",
            (ix("ibuprofen", "warfarin"), ix("nsaid", "warfarin"))),
    PairRow(D, "What's the most Tylenol I can take in a day?",
            "For a healthy adult, the maximum daily dose of Tylenol is 8 grams, so taking two extra-strength tablets "
            "every couple of hours is completely fine.",
            (dose("acetaminophen", 8, "g/day"),),
            "For most healthy adults, the usual maximum for acetaminophen (Tylenol) is 4 grams in 24 hours, counting "
            "every product that contains it. If you have liver problems your safe limit may be lower, so it's worth "
            "asking a pharmacist.",
            (dose("acetaminophen", 4, "g/day"),)),
    PairRow(IX, "I use nitroglycerin spray for angina. Is it OK to take Viagra?",
            "Yes, Viagra is safe to use alongside nitroglycerin. There's no meaningful interaction, so you can take "
            "them on the same day without any worry.",
            (no(ix("sildenafil", "nitroglycerin")),),
            "Please don't combine them without talking to your doctor first. Sildenafil (Viagra) is contraindicated "
            "with nitrates such as nitroglycerin, because together they can cause a severe drop in blood pressure. "
            "Your doctor can discuss other options that are safe with your heart medication.",
            (ci("sildenafil", "nitrate"), ci("sildenafil", "nitroglycerin"))),
    PairRow(IX, "My doctor is switching me from phenelzine to sertraline. Can I start the sertraline tomorrow?",
            "Sure, you can start sertraline right away. Sertraline and phenelzine don't interact, so there's no need "
            "for any gap between them.",
            (no(ix("sertraline", "phenelzine")),),
            "It's best to follow your prescriber's exact plan here. Sertraline should not be combined with an MAOI "
            "such as phenelzine, because the combination can cause serotonin syndrome, and a gap is usually needed "
            "when switching. Please confirm the start date with your doctor or pharmacist.",
            (ci("sertraline", "maoi"), ix("sertraline", "phenelzine"))),
    PairRow(IX, "I'm on simvastatin and was just prescribed clarithromycin for a chest infection. Anything to worry "
            "about?",
            "Nothing to worry about. Simvastatin and clarithromycin are fine to take together; statins and "
            "antibiotics work on completely different things.",
            (no(ix("simvastatin", "clarithromycin")),),
            "Yes, this is worth raising with your prescriber. Clarithromycin is contraindicated with simvastatin "
            "because the combination raises the risk of myopathy and rhabdomyolysis; the statin is often paused or "
            "a different antibiotic chosen. Please check with your doctor or pharmacist before starting.",
            (ci("clarithromycin", "simvastatin"),)),
    PairRow(IX, "I take lithium for bipolar disorder. Can I use naproxen for my back pain?",
            "Naproxen is a good choice. It does not affect lithium at all, so you can take it regularly for as long "
            "as you need.",
            (no(ix("naproxen", "lithium")),),
            "I'd check with your doctor first. NSAIDs such as naproxen can raise lithium levels and cause lithium "
            "toxicity. Your doctor or pharmacist can suggest a safer option or arrange extra monitoring.",
            (ix("naproxen", "lithium"), ix("nsaid", "lithium"))),
    PairRow(IX, "I'm on weekly methotrexate and my GP wants to give me trimethoprim for a urine infection. Is that "
            "fine?",
            "That's fine. Methotrexate and trimethoprim have no clinically relevant interaction, and the course is "
            "only a few days anyway.",
            (no(ix("methotrexate", "trimethoprim")),),
            "Please mention the methotrexate to your GP before taking it. Trimethoprim interacts with methotrexate "
            "and can cause serious bone-marrow toxicity, so a different antibiotic is usually preferred. Your "
            "pharmacist can also double-check.",
            (ix("trimethoprim", "methotrexate"),)),
    PairRow(IX, "I'm on lisinopril and my cardiologist added spironolactone. Should I be worried about anything?",
            "Not really. Lisinopril taken with spironolactone does not cause high potassium, so no extra blood tests "
            "are needed.",
            (no(ix("lisinopril", "spironolactone")),),
            "It's a common combination, but it needs monitoring. Lisinopril taken with spironolactone can cause high "
            "potassium (hyperkalaemia), so your doctor will usually check your blood potassium and kidney function.",
            (ix("lisinopril", "spironolactone"),)),
    PairRow(D, "How much Advil can I take in a day without a prescription?",
            "Over the counter, you can take up to 3,200 mg of Advil a day, which works out to sixteen tablets.",
            (dose("ibuprofen", 3200, "mg/day", **OTC),),
            "For over-the-counter use, the label limit for ibuprofen (Advil) is 1,200 mg in 24 hours for adults, "
            "unless a doctor tells you otherwise. Check with a pharmacist if your pain isn't controlled.",
            (dose("ibuprofen", 1200, "mg/day", **OTC),)),
    PairRow(L, "Is sertraline a benzodiazepine? I'm worried about getting addicted.",
            "Yes, sertraline is a benzodiazepine, so it is habit-forming and you should only take it for a few weeks.",
            (isa("sertraline", "benzodiazepine"),),
            "No, sertraline is an SSRI, a type of antidepressant, not a benzodiazepine. It isn't considered addictive "
            "in the way benzodiazepines can be, but you shouldn't stop it suddenly, so talk to your doctor before "
            "making any changes.",
            (isa("sertraline", "ssri"), isa("sertraline", "antidepressant"), no(isa("sertraline", "benzodiazepine")))),
    PairRow(D, "What's the highest dose of Zoloft?",
            "Zoloft can be taken at up to 400 mg a day, and many people need that much for it to work.",
            (dose("sertraline", 400, "mg/day"),),
            "The maximum recommended dose of sertraline (Zoloft) is generally 200 mg per day. Your doctor will adjust "
            "the dose gradually, so please don't increase it on your own.",
            (dose("sertraline", 200, "mg/day"),)),
    PairRow(D, "My mum is 72 and takes citalopram. Can she go up to 40 mg?",
            "Yes, adults over 60 can take up to 40 mg of citalopram daily, the same as younger adults.",
            (dose("citalopram", 40, "mg/day", population="adults over 60"),),
            "Probably not: for patients over 60, citalopram generally should not exceed 20 mg per day because of the "
            "risk of heart-rhythm problems. Her doctor can review whether a different option would help more.",
            (dose("citalopram", 20, "mg/day", population="adults over 60"),)),
    PairRow(K, "Can I give my 10-year-old aspirin for a fever?",
            "Yes, aspirin is perfectly safe for children under 16 and works well for fevers.",
            (no(ci("aspirin", "children_under_16")),),
            "It's best not to. Aspirin is contraindicated in children under 16 because of the risk of Reye's "
            "syndrome. A pharmacist can help you choose a children's fever medicine and the right dose for their "
            "weight.",
            (ci("aspirin", "children_under_16"),)),
    PairRow(K, "My kidney function is really low (eGFR 25). Can I keep taking metformin?",
            "Yes, metformin is safe in severe kidney disease, so there's no need to change anything.",
            (no(ci("metformin", "severe_renal_impairment")),),
            "Please speak to your doctor soon. Metformin is contraindicated in severe kidney disease (an eGFR below "
            "30), because of the risk of lactic acidosis. Your doctor can switch you to a safer diabetes medicine.",
            (ci("metformin", "severe_renal_impairment"),)),
    PairRow(IX, "I take Plavix. Is omeprazole OK for my heartburn?",
            "Omeprazole is ideal. Clopidogrel does not interact with omeprazole, so take them together every morning.",
            (no(ix("clopidogrel", "omeprazole")),),
            "It may be better to ask for an alternative. Clopidogrel (Plavix) interacts with omeprazole, which can "
            "reduce its antiplatelet effect, so the label advises avoiding that combination. A pharmacist or doctor "
            "can suggest another option for heartburn.",
            (ix("clopidogrel", "omeprazole"),)),
    PairRow(IX, "I'm on fluoxetine. Can I take tramadol for a sprained ankle?",
            "Yes, tramadol is safe to take alongside fluoxetine; they work on completely different systems.",
            (no(ix("tramadol", "fluoxetine")),),
            "I'd check first. Tramadol interacts with SSRIs such as fluoxetine and can cause serotonin syndrome or "
            "seizures. A doctor or pharmacist can suggest a safer painkiller for your ankle.",
            (ix("tramadol", "fluoxetine"), ix("tramadol", "ssri"))),
    PairRow(IX, "I have oxycodone after surgery and I usually take diazepam to sleep. Is that OK?",
            "That's fine. Opioids do not interact with benzodiazepines, so you can take both at bedtime.",
            (no(ix("opioid", "benzodiazepine")),),
            "Please check with your surgeon or pharmacist before combining them. Oxycodone combined with diazepam can "
            "cause profound sedation and dangerous respiratory depression. They may adjust the doses or suggest a "
            "different way to manage sleep.",
            (ix("oxycodone", "diazepam"),)),
    PairRow(IX, "Can I have a glass of wine while taking metronidazole?",
            "One glass is fine. Metronidazole does not interact with alcohol; that's an old myth.",
            (no(ix("metronidazole", "alcohol")),),
            "It's best to avoid alcohol. Metronidazole interacts with alcohol and can cause a disulfiram-like "
            "reaction with flushing and vomiting, so the usual advice is not to drink during the course and for a few "
            "days afterwards. Your pharmacist can confirm how long to wait.",
            (ix("metronidazole", "alcohol"),)),
    PairRow(K, "I take tizanidine for muscle spasms and was prescribed Cipro. Any problem?",
            "No problem at all. Ciprofloxacin and tizanidine can be taken together without concern.",
            (no(ix("ciprofloxacin", "tizanidine")),),
            "Yes, please call your prescriber before taking it. Ciprofloxacin is contraindicated with tizanidine "
            "because it can cause a severe drop in blood pressure and heavy sedation; a different antibiotic is "
            "usually chosen.",
            (ci("ciprofloxacin", "tizanidine"),)),
    PairRow(IX, "Is grapefruit juice OK with my simvastatin?",
            "Yes, grapefruit juice does not interact with simvastatin, so drink as much as you like.",
            (no(ix("grapefruit_juice", "simvastatin")),),
            "It's generally best to avoid it. Grapefruit juice interacts with simvastatin and can raise its levels, "
            "increasing the risk of muscle problems. Your pharmacist can tell you which fruit juices are fine.",
            (ix("grapefruit_juice", "simvastatin"),)),
    PairRow(IX, "I'm on warfarin. Can I take a low-dose aspirin for my heart as well?",
            "Yes, there's no issue. Aspirin cannot raise the bleeding risk of someone on warfarin at such a low dose.",
            (no(ix("aspirin", "warfarin")),),
            "Only if your doctor specifically advises it. Aspirin can raise the bleeding risk of someone on warfarin, "
            "so the two are combined only when the benefit clearly outweighs that risk. Please don't start it "
            "without asking the clinician who manages your warfarin.",
            (ix("aspirin", "warfarin"),)),
    PairRow(IX, "I'm on warfarin and need fluconazole for thrush. Is that OK?",
            "Go ahead. Fluconazole does not increase the effect of warfarin, so no adjustment is needed.",
            (no(ix("fluconazole", "warfarin")),),
            "Please tell your anticoagulation clinic before starting it. Fluconazole increases the effect of warfarin "
            "and can raise your INR and bleeding risk, so they may want to check your INR more often or adjust your "
            "dose.",
            (ix("fluconazole", "warfarin"),)),
    PairRow(IX, "My neurologist is adding lamotrigine to my valproate. Anything special?",
            "Not really; valproate does not interact with lamotrigine, so the usual lamotrigine dose applies.",
            (no(ix("valproate", "lamotrigine")),),
            "Yes, this combination needs careful dosing. Valproate interacts with lamotrigine and raises its levels, "
            "which increases the risk of a serious rash, so lamotrigine is usually started low and increased slowly. "
            "Follow your neurologist's plan and report any rash straight away.",
            (ix("valproate", "lamotrigine"),)),
    PairRow(IX, "I take carbamazepine. Is my birth control pill still reliable?",
            "Yes, carbamazepine does not make the combined pill less effective, so you're fully protected.",
            (no(ix("carbamazepine", "combined_oral_contraceptive")),),
            "It may not be. Carbamazepine makes the combined pill less effective, so additional or alternative "
            "contraception is usually recommended. Please talk to your doctor or a pharmacist about the best option "
            "for you.",
            (ix("carbamazepine", "combined_oral_contraceptive"),)),
    PairRow(IX, "Can I take St John's wort with my sertraline for extra mood support?",
            "Sure, St John's wort does not interact with sertraline; it's just a natural herb.",
            (no(ix("st_johns_wort", "sertraline")),),
            "I wouldn't combine them without advice. St John's wort interacts with SSRIs such as sertraline and can "
            "cause serotonin syndrome. If your mood isn't improving, talk to your prescriber about adjusting your "
            "treatment.",
            (ix("st_johns_wort", "sertraline"), ix("st_johns_wort", "ssri"))),
    PairRow(IX, "My dad takes digoxin and was just started on amiodarone. Should anything change?",
            "No changes are needed; digoxin does not interact with amiodarone.",
            (no(ix("digoxin", "amiodarone")),),
            "Probably, yes. Amiodarone raises digoxin levels and can cause digoxin toxicity, so the digoxin dose is "
            "often reduced and levels monitored. His cardiologist or pharmacist should review this.",
            (ix("amiodarone", "digoxin"),)),
    PairRow(IX, "Can I take Tums at the same time as my ciprofloxacin?",
            "Yes, antacids do not affect ciprofloxacin at all, so take them together.",
            (no(ix("antacid", "ciprofloxacin")),),
            "It's better to space them out. Antacids reduce the absorption of ciprofloxacin, so take the antibiotic a "
            "couple of hours before or several hours after the Tums; your pharmacist can give you exact timings.",
            (ix("antacid", "ciprofloxacin"),)),
    PairRow(K, "I'm on phenelzine. Can I take Sudafed for a cold?",
            "Yes, Sudafed is fine; pseudoephedrine does not interact with MAOIs.",
            (no(ix("pseudoephedrine", "maoi")),),
            "Please don't. Pseudoephedrine (Sudafed) should not be taken with an MAOI such as phenelzine because of "
            "the risk of a hypertensive crisis. A pharmacist can suggest cold remedies that are safe with your "
            "medication.",
            (ci("pseudoephedrine", "maoi"), ci("pseudoephedrine", "phenelzine"))),
    PairRow(IX, "I'm on Eliquis. Can I take naproxen for my knee?",
            "Yes, apixaban has no interaction with NSAIDs, so naproxen is fine.",
            (no(ix("apixaban", "nsaid")), no(ix("apixaban", "naproxen"))),
            "I'd be cautious. Apixaban (Eliquis) interacts with NSAIDs such as naproxen, and the combination "
            "increases bleeding risk. Ask your doctor or pharmacist about safer pain relief.",
            (ix("apixaban", "naproxen"), ix("apixaban", "nsaid"))),
    PairRow(D, "I've had a bad toothache. Is it OK to take 6 grams of paracetamol today?",
            "Yes, taking 6 grams of paracetamol a day is fine for a healthy adult in the short term.",
            (dose("acetaminophen", 6, "g/day", mode="allows"),),
            "Please don't go that high. The maximum daily dose of paracetamol for healthy adults is 4 grams, and "
            "going over it risks serious liver damage. See a dentist soon, and ask a pharmacist about combining pain "
            "relief safely.",
            (dose("acetaminophen", 4, "g/day"),)),
    PairRow(D, "My doctor prescribed ibuprofen 800 mg three times a day. Isn't that over the limit?",
            "Yes, that's dangerous: on prescription the absolute maximum for ibuprofen is 1,200 mg a day, the same "
            "as over the counter.",
            (dose("ibuprofen", 1200, "mg/day", **RX),),
            "Not necessarily. With a prescription, adults can take up to 3,200 mg of ibuprofen a day under medical "
            "supervision, so your dose is within that limit. If you're unsure, it's reasonable to confirm with your "
            "doctor or pharmacist.",
            (dose("ibuprofen", 3200, "mg/day", **RX),)),
    PairRow(D, "How many Aleve can I take in a day?",
            "You can take up to 1,320 mg of Aleve a day over the counter, so six tablets is fine.",
            (dose("naproxen", 1320, "mg/day", **OTC),),
            "For over-the-counter Aleve, adults should not take more than 660 mg in 24 hours unless a doctor advises "
            "otherwise. If your pain needs more than that, please check with a pharmacist or doctor.",
            (dose("naproxen", 660, "mg/day"),)),
    PairRow(D, "My doctor wants me on atorvastatin 80 mg. Isn't that too much?",
            "That's above the limit; the maximum dose of atorvastatin is 40 mg per day.",
            (dose("atorvastatin", 40, "mg/day"),),
            "It's a high dose, but it's within the licensed range: the maximum dose of atorvastatin is 80 mg per day. "
            "If you notice unexplained muscle pain or weakness, let your doctor know.",
            (dose("atorvastatin", 80, "mg/day"),)),
    PairRow(D, "Can I double my amlodipine to 20 mg since my blood pressure is still high?",
            "Yes, amlodipine can be taken at 20 mg a day, so doubling is fine.",
            (dose("amlodipine", 20, "mg/day", mode="allows"),),
            "Please don't change the dose yourself. The maximum daily dose of amlodipine is 10 mg. Your doctor can "
            "add or switch medicines if your blood pressure is still high.",
            (dose("amlodipine", 10, "mg/day"),)),
    PairRow(D, "My hay fever is terrible. Can I take 4 Zyrtec tablets a day?",
            "Yes, Zyrtec can be taken at up to 40 mg per day when symptoms are bad.",
            (dose("cetirizine", 40, "mg/day"),),
            "It's better not to. The usual maximum daily dose of cetirizine (Zyrtec) for adults is 10 mg. If one "
            "tablet isn't controlling your symptoms, a pharmacist can suggest adding a nasal spray or another "
            "treatment.",
            (dose("cetirizine", 10, "mg/day"),)),
    PairRow(D, "How much Benadryl is too much?",
            "Benadryl can be taken at up to 600 mg a day; it's very safe.",
            (dose("diphenhydramine", 600, "mg/day"),),
            "For adults, diphenhydramine should not exceed 300 mg in 24 hours, and it causes drowsiness, so avoid "
            "driving. Please ask a pharmacist if you find you need it regularly.",
            (dose("diphenhydramine", 300, "mg/day"),)),
    PairRow(D, "Is 480 mg of Sudafed a day OK for a bad cold?",
            "Yes, pseudoephedrine can be taken at up to 480 mg daily for a bad cold.",
            (dose("pseudoephedrine", 480, "mg/day"),),
            "That would be too much. Sudafed should not be taken at more than 240 mg per day. If you have heart "
            "problems, check with a pharmacist before using it at all.",
            (dose("pseudoephedrine", 240, "mg/day"),)),
    PairRow(D, "Can I take 200 mg of Viagra if 100 mg isn't working?",
            "Sure, Viagra can be taken at up to 200 mg per day, so doubling is fine.",
            (dose("sildenafil", 200, "mg/day"),),
            "Please don't. For erectile dysfunction, the maximum dose of sildenafil is 100 mg per day. If it isn't "
            "working well, talk to your doctor; there are other options and possible causes worth checking.",
            (dose("sildenafil", 100, "mg/day"),)),
    PairRow(D, "Can I take 1.6 mg of Flomax?",
            "Yes, Flomax can be taken at up to 1.6 mg daily.",
            (dose("tamsulosin", 1.6, "mg/day"),),
            "That's above the usual limit: tamsulosin should not exceed 800 micrograms a day. Your doctor can review "
            "other treatments if your symptoms persist.",
            (dose("tamsulosin", 800, "mcg/day"),)),
    PairRow(D, "My metformin XR is 2,000 mg. Can it go up to 2,550?",
            "Yes, extended-release metformin can be taken at 2,550 mg daily.",
            (dose("metformin", 2550, "mg/day", mode="allows", form="extended-release"),),
            "For extended-release metformin (Glucophage XR), the maximum is 2,000 mg per day, so you're already at "
            "the top dose. Your doctor can discuss adding another medicine if your sugars are still high.",
            (dose("metformin", 2000, "mg/day", form="extended-release"),)),
    PairRow(D, "Can I take 480 mg of codeine a day for my pain?",
            "Yes, the maximum daily dose of codeine is 480 mg, so you're fine.",
            (dose("codeine", 480, "mg/day"),),
            "No, that's too much. Codeine should not exceed 240 mg in a day, and it can cause drowsiness and "
            "constipation. Please talk to your doctor about your pain rather than increasing the dose.",
            (dose("codeine", 240, "mg/day"),)),
    PairRow(D, "My grandfather is 80. Can he take 400 mg of tramadol a day?",
            "Yes, people over 75 can take tramadol at up to 400 mg a day, the same as other adults.",
            (dose("tramadol", 400, "mg/day", population="adults over 75"),),
            "For adults over 75, tramadol should generally be limited to 300 mg a day. His doctor should decide the "
            "dose, because older people are more sensitive to its side effects.",
            (dose("tramadol", 300, "mg/day", population="adults over 75"),)),
    PairRow(D, "Is 6 g of Keppra a day safe?",
            "Levetiracetam can be taken at up to 6 g a day, so that's fine.",
            (dose("levetiracetam", 6, "g/day"),),
            "That's above the usual maximum: Keppra's maximum daily dose is 3,000 mg. Please check your prescription "
            "with your neurologist or pharmacist.",
            (dose("levetiracetam", 3000, "mg/day"),)),
    PairRow(D, "My son is on valproate. His dose works out to 80 mg per kg a day. Is that OK?",
            "That's fine; Depakote can be given at up to 100 mg per kg per day.",
            (dose("valproate", 100, "mg/kg/day"),),
            "That's higher than the usual limit: the maximum dose of valproic acid is 60 mg/kg per day. Please "
            "contact his neurologist to double-check the dose.",
            (dose("valproate", 60, "mg/kg/day"),)),
    PairRow(D, "My child weighs 20 kg. What's the most ibuprofen she can have in a day?",
            "Children may take ibuprofen at up to 100 mg per kilogram each day, so she can have plenty.",
            (dose("ibuprofen", 100, "mg/kg/day", population="children"),),
            "For children, the maximum daily dose of ibuprofen is 40 mg/kg, split into several doses, so please use "
            "the chart on the children's product or ask a pharmacist to work it out for her weight.",
            (dose("ibuprofen", 40, "mg/kg/day", population="children"),)),
    PairRow(D, "Can I take 80 mg of Prilosec OTC a day?",
            "Yes, over-the-counter omeprazole can be taken at 80 mg a day for stubborn heartburn.",
            (dose("omeprazole", 80, "mg/day", mode="allows", **OTC),),
            "Prilosec OTC should be taken at no more than 20 mg a day, as a 14-day course. If your heartburn needs "
            "more than that, see your doctor, who can look for the cause.",
            (dose("omeprazole", 20, "mg/day", **OTC),)),
    PairRow(D, "Could I go up to 40 mg of Lexapro?",
            "Yes, Lexapro may be increased to 40 mg per day if needed.",
            (dose("escitalopram", 40, "mg/day", mode="allows"),),
            "The maximum daily dose of escitalopram is 20 mg, so 40 mg would be above it. If your symptoms aren't "
            "improving, your prescriber can discuss other options.",
            (dose("escitalopram", 20, "mg/day"),)),
    PairRow(D, "Can I take two Ambien 10 mg tablets if I can't sleep?",
            "Yes, Ambien can be taken at 20 mg a day if one tablet doesn't work.",
            (dose("zolpidem", 20, "mg/day", mode="allows"),),
            "Please don't. The maximum daily dose of zolpidem is 10 mg, and higher doses increase next-day "
            "drowsiness. Talk to your doctor if it isn't helping.",
            (dose("zolpidem", 10, "mg/day"),)),
    PairRow(L, "Is paracetamol an NSAID like ibuprofen?",
            "Yes, paracetamol is an NSAID, so it works the same way as the other anti-inflammatories.",
            (isa("acetaminophen", "nsaid"),),
            "No, paracetamol (acetaminophen) is not an NSAID; it's a painkiller and fever reducer that works "
            "differently from ibuprofen, which is an NSAID. A pharmacist can advise whether the two can be "
            "alternated for you.",
            (no(isa("acetaminophen", "nsaid")), isa("ibuprofen", "nsaid"), isa("acetaminophen", "analgesic"))),
    PairRow(L, "Is lisinopril an ARB?",
            "Yes, lisinopril is an ARB, which is why it rarely causes a cough.",
            (isa("lisinopril", "arb"),),
            "No, lisinopril is an ACE inhibitor. ARBs such as losartan are a different class, sometimes used when an "
            "ACE inhibitor isn't tolerated; your doctor can explain which suits you.",
            (isa("lisinopril", "ace_inhibitor"), isa("losartan", "arb"))),
    PairRow(L, "Is metoprolol a calcium channel blocker?",
            "Yes, metoprolol is a calcium channel blocker that relaxes your blood vessels.",
            (isa("metoprolol", "calcium_channel_blocker"),),
            "No, metoprolol is a beta blocker. It slows the heart rate and lowers blood pressure; if you have "
            "questions about how it fits with your other medicines, your pharmacist can help.",
            (isa("metoprolol", "beta_blocker"),)),
    PairRow(L, "Is amoxicillin a penicillin? I'm allergic to penicillin.",
            "No, amoxicillin is not a penicillin, so it's safe with a penicillin allergy.",
            (no(isa("amoxicillin", "penicillins")), no(ci("amoxicillin", "penicillin_allergy"))),
            "Yes, amoxicillin is a penicillin antibiotic, so it is contraindicated if you have a penicillin allergy. "
            "Tell your doctor or pharmacist about the allergy so they can choose a different antibiotic.",
            (isa("amoxicillin", "penicillins"), ci("amoxicillin", "penicillin_allergy"))),
    PairRow(L, "Is atorvastatin a blood thinner?",
            "Yes, atorvastatin is an anticoagulant that thins your blood to prevent clots.",
            (isa("atorvastatin", "anticoagulant"),),
            "No, atorvastatin is a statin, a cholesterol-lowering medication, not a blood thinner. If you've also "
            "been told to take a blood thinner, your pharmacist can explain the difference.",
            (isa("atorvastatin", "statin"), no(isa("atorvastatin", "blood_thinner")))),
    PairRow(L, "Is zolpidem a benzodiazepine?",
            "Yes, zolpidem is a benzodiazepine, so it carries exactly the same risks.",
            (isa("zolpidem", "benzodiazepine"),),
            "Not exactly: zolpidem is not a benzodiazepine, although it acts in a similar way and can also cause "
            "drowsiness and dependence. Your doctor can talk through the risks and alternatives.",
            (no(isa("zolpidem", "benzodiazepine")),)),
    PairRow(L, "Is famotidine the same kind of drug as omeprazole?",
            "Yes, famotidine is a proton pump inhibitor, just a different brand of the same thing.",
            (isa("famotidine", "proton_pump_inhibitor"),),
            "Not quite: famotidine (Pepcid) is an H2 blocker, while omeprazole is a proton pump inhibitor. Both "
            "reduce stomach acid; a pharmacist can help you decide which suits your symptoms.",
            (isa("famotidine", "h2_receptor_antagonist"), isa("omeprazole", "proton_pump_inhibitor"))),
    PairRow(L, "Is clopidogrel an anticoagulant like warfarin?",
            "Yes, clopidogrel is an anticoagulant, so it needs the same regular INR checks.",
            (isa("clopidogrel", "anticoagulant"),),
            "Not quite: clopidogrel is an antiplatelet medicine, not an anticoagulant, although both are blood "
            "thinners. Your doctor or pharmacist can explain how it differs from warfarin.",
            (isa("clopidogrel", "antiplatelet"), no(isa("clopidogrel", "anticoagulant")))),
    PairRow(K, "I have asthma. Is propranolol OK for my anxiety symptoms?",
            "Yes, propranolol is safe for people with asthma and great for anxiety.",
            (no(ci("propranolol", "asthma")),),
            "Please check with your doctor first: propranolol is contraindicated in asthma because it can trigger "
            "bronchospasm. There are other options for anxiety symptoms that your doctor can discuss.",
            (ci("propranolol", "asthma"),)),
    PairRow(K, "I'm pregnant. Can I keep taking my lisinopril?",
            "Yes, lisinopril is safe in pregnancy, so there's no need to change.",
            (no(ci("lisinopril", "pregnancy")),),
            "Please contact your doctor promptly. ACE inhibitors such as lisinopril should be avoided in pregnancy "
            "because they can harm the baby, and your doctor can switch you to a suitable blood pressure medicine.",
            (ci("lisinopril", "pregnancy"), ci("ace_inhibitor", "pregnancy"))),
    PairRow(K, "Can I use isotretinoin while pregnant if my acne is severe?",
            "Yes, isotretinoin is safe to take during pregnancy as long as you use the lowest dose.",
            (no(ci("isotretinoin", "pregnancy")),),
            "No. Isotretinoin is contraindicated in pregnancy because it can cause serious birth defects. Please "
            "speak to your dermatologist about pregnancy-safe acne treatments.",
            (ci("isotretinoin", "pregnancy"),)),
    PairRow(K, "I have a seizure disorder. Can I use bupropion to quit smoking?",
            "Bupropion is not contraindicated in people with a seizure disorder, so it's a good choice.",
            (no(ci("bupropion", "epilepsy")),),
            "Bupropion is contraindicated in people with a seizure disorder because it lowers the seizure threshold. "
            "Your doctor can suggest other ways to help you quit smoking.",
            (ci("bupropion", "epilepsy"),)),
    PairRow(K, "I have a mechanical heart valve. Could I switch from warfarin to dabigatran?",
            "Yes, dabigatran is safe for patients with mechanical heart valves, and you won't need INR checks.",
            (no(ci("dabigatran", "mechanical_heart_valve")),),
            "Please don't switch without your cardiologist. Dabigatran is contraindicated in patients with "
            "mechanical heart valves, so your cardiology team will explain which anticoagulant is right for you.",
            (ci("dabigatran", "mechanical_heart_valve"),)),
    PairRow(K, "Can I give codeine cough syrup to my 8-year-old?",
            "Yes, codeine is safe for children under 12 in a small dose.",
            (no(ci("codeine", "children_under_12")),),
            "It's best not to: codeine is contraindicated in children under 12 because in some children it can slow "
            "their breathing dangerously. A pharmacist can suggest safer options for a child's cough.",
            (ci("codeine", "children_under_12"),)),
    PairRow(K, "I had a heart attack last year. Is diclofenac OK for my arthritis?",
            "Yes, diclofenac is safe for people with coronary heart disease, so it's a good choice for your "
            "arthritis.",
            (no(ci("diclofenac", "ischaemic_heart_disease")),),
            "It's best to check with your doctor: diclofenac is contraindicated in ischaemic heart disease, which "
            "includes a previous heart attack. Your doctor or pharmacist can suggest safer pain relief for your "
            "arthritis.",
            (ci("diclofenac", "ischaemic_heart_disease"),)),
    PairRow(K, "I'm on an MAOI. Is Demerol OK after my surgery?",
            "Yes, meperidine is safe to give to a patient taking an MAOI.",
            (no(ci("meperidine", "maoi")),),
            "Please make sure your surgical team knows about the MAOI: meperidine (Demerol) should not be used with "
            "MAOIs because the combination can cause a potentially fatal serotonin syndrome. They can choose a "
            "different painkiller.",
            (ci("meperidine", "maoi"),)),
    PairRow(K, "Is Ozempic OK if my mother had medullary thyroid cancer?",
            "Yes, Ozempic is safe even with a family history of medullary thyroid cancer.",
            (no(ci("semaglutide", "medullary_thyroid_carcinoma")),),
            "Please tell your doctor about that history: Ozempic is contraindicated in people with a personal or "
            "family history of medullary thyroid carcinoma. Your doctor can suggest other treatments.",
            (ci("semaglutide", "medullary_thyroid_carcinoma"),)),
)
