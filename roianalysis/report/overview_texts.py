"""French and English texts of the overview notebook (:mod:`roianalysis.report.pages.overview`).

``TEXTS`` maps a key to ``(French, English)``; :func:`tr` fills ``{placeholders}`` with values as
given (callers escape data-derived values). Both languages have the same placeholders (a test
checks it).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Tableau de bord des objectifs", "Objectives scorecard"),
    "intro": ("Chaque indicateur est comparé à son objectif, à {comparison} et à la même période un "
              "an plus tôt. Les statuts tiennent compte du sens de l'indicateur : un coût par lead "
              "plus bas est meilleur, un taux de conversion plus haut est meilleur.",
              "Each KPI is held against its objective, {comparison} and the same period a year "
              "earlier. Statuses follow each KPI's direction: a lower cost per lead is better, a "
              "higher conversion rate is better."),
    "running": ("La période est en cours : les données s'arrêtent au {as_of} ({elapsed} jours sur "
                "{total}). Les valeurs sont à date, comparées aux {elapsed} premiers jours des "
                "périodes de référence ; les statuts des volumes et des coûts unitaires sont jugés "
                "sur la projection de fin de période.",
                "The period is still running: the data stops on {as_of} ({elapsed} of {total} "
                "days). Values are to date, compared with the first {elapsed} days of the "
                "reference periods; statuses of volumes and unit costs are judged on the "
                "end-of-period projection."),
    "headline": ("{on} indicateur(s) en bonne voie, {risk} à surveiller et {off} hors objectif, "
                 "sur {n} assorti(s) d'un objectif.",
                 "{on} KPI(s) on track, {risk} at risk and {off} off track, out of {n} with an "
                 "objective."),
    "headline_none": ("Aucun objectif n'est fixé pour cette période : le tableau compare les "
                      "indicateurs aux périodes de référence. Des objectifs par indicateur (et, si "
                      "besoin, par canal) permettraient de suivre des cibles.",
                      "No objective is set for this period: the table compares KPIs with the "
                      "reference periods. Objectives per KPI (and per channel if needed) would "
                      "let you follow targets."),
    "item_provisional": (" Taux provisoire : les leads les plus récents ont encore le temps de "
                         "convertir.",
                         " Provisional rate: the latest leads still have time to convert."),
    "status_on_track": ("en bonne voie", "on track"),
    "status_at_risk": ("à surveiller", "at risk"),
    "status_off_track": ("hors objectif", "off track"),
    "status_none": ("sans objectif", "no objective"),
    "funnel_title": ("Le parcours AARRR", "The AARRR funnel"),
    "funnel_intro": ("Acquisition, activation, rétention, revenu, recommandation : où le parcours "
                     "client gagne et perd du monde sur la période.",
                     "Acquisition, activation, retention, revenue, referral: where the customer "
                     "journey gains and loses people in the period."),
    "stage_acquisition": ("Acquisition", "Acquisition"),
    "stage_activation": ("Activation", "Activation"),
    "stage_retention": ("Rétention", "Retention"),
    "stage_revenue": ("Revenu", "Revenue"),
    "stage_referral": ("Recommandation", "Referral"),
    "col_stage": ("Étape", "Stage"),
    "col_metric": ("Indicateur", "KPI"),
    "col_actual": ("Réel", "Actual"),
    "col_target": ("Objectif", "Objective"),
    "col_achieved": ("Atteint", "Achieved"),
    "col_status": ("Statut", "Status"),
    "col_vs_ref": ("vs {ref}", "vs {ref}"),
    "col_vs_year": ("vs il y a un an", "vs a year ago"),
    "col_significance": ("Réel ou bruit ?", "Real or noise?"),
    "col_trend": ("Tendance ({n} mois)", "Trend ({n} months)"),
    "col_projected": ("Projection", "Projected"),
    "col_interval": ("Intervalle à {level}", "{level} interval"),
    "col_to_date": ("À date", "To date"),
    "col_forecast": ("Prévision", "Forecast"),
    "col_current": ("Période analysée", "Analysed period"),
    "col_change": ("Évolution", "Change"),
    "col_owner": ("Commercial", "Sales rep"),
    "col_vs_team": ("Écart à l'équipe", "vs team"),
    "table_title": ("Indicateurs et objectifs, tous canaux", "KPIs and objectives, all channels"),
    "legend": ("Lecture : ✔ en bonne voie (objectif atteint), ▲ à surveiller (au moins {risk} de "
               "l'objectif), ✖ hors objectif. Une évolution « réelle » est trop nette pour être "
               "due au hasard ; « à confirmer » pourrait encore l'être ; « probablement du "
               "bruit » est un écart ordinaire d'une période à l'autre (le détail est en annexe).",
               "How to read: ✔ on track (objective met), ▲ at risk (at least {risk} of the "
               "objective), ✖ off track. A \"real\" change is too clear to be chance; \"to "
               "confirm\" could still be; \"probably noise\" is an ordinary gap from one "
               "period to the next (details in the appendix)."),
    "channels_title": ("Objectifs par canal", "Objectives per channel"),
    "channels_none": ("Aucun objectif par canal n'est fixé pour cette période.",
                      "No per-channel objective is set for this period."),
    "channel_kpis_title": ("Indicateurs par canal", "KPIs per channel"),
    "bullets_title": ("Réel et objectif", "Actual against objective"),
    "bullets_intro": ("Chaque barre montre la part de l'objectif atteinte (100 % = objectif ; pour "
                      "les coûts, un coût plus bas que l'objectif dépasse 100 %). Les bandes de "
                      "fond marquent les zones hors objectif, à surveiller et en bonne voie.",
                      "Each bar shows the share of the objective achieved (100% = objective; for "
                      "costs, a cost below the objective goes beyond 100%). The background bands "
                      "mark the off-track, at-risk and on-track zones."),
    "bullets_none": ("Aucun objectif à représenter.", "No objective to chart."),
    "bullet_axis": ("Part de l'objectif atteinte", "Share of the objective achieved"),
    "pacing_title": ("Rythme : où finira la période", "Pacing: where the period will end"),
    "pacing_intro": ("Projection de fin de période à partir des {elapsed} jours écoulés sur "
                     "{total}, par un modèle de lissage exponentiel (tendance amortie, saisonnalité "
                     "hebdomadaire et annuelle) ajusté sur les données quotidiennes passées.",
                     "End-of-period projection from the {elapsed} days elapsed out of {total}, by "
                     "an exponential smoothing model (damped trend, weekly and yearly seasonality) "
                     "fitted on past daily data."),
    "forecast_title": ("Où va {next}", "Where {next} is heading"),
    "forecast_intro": ("Prévision de {next} pour les visiteurs, les leads et le chiffre "
                       "d'affaires, d'après le rythme des six derniers mois et la saison.",
                       "Forecast of {next} for visitors, leads and revenue, from the pace of the "
                       "last six months and the season."),
    "forecast_started": ("{next} a déjà commencé : les données vont jusqu'au {as_of} ({observed} "
                         "jours sur {total}). Le tableau sépare ce qui est déjà acquis, la "
                         "prévision des {remaining} jours restants et le total attendu.",
                         "{next} has already started: the data runs to {as_of} ({observed} of "
                         "{total} days). The table separates what is already in, the forecast "
                         "of the {remaining} remaining days and the expected total."),
    "forecast_caveat": ("La fourchette à {level} ne couvre que les aléas ordinaires des jours "
                        "prévus : ni un changement de budget ni un événement inhabituel. Sur les "
                        "périodes passées, une telle fourchette a contenu le résultat environ 8 "
                        "fois sur 10.",
                        "The {level} range covers only the ordinary ups and downs of the "
                        "forecast days: not a change of budget nor an unusual event. On past "
                        "periods, such a range held the outcome about 8 times out of 10."),
    "col_observed": ("Déjà acquis (au {date})", "Already in (to {date})"),
    "col_remaining": ("Prévision des {days} jours restants", "Forecast of the {days} days left"),
    "col_expected_total": ("Total attendu", "Expected total"),
    "team_title": ("L'équipe commerciale", "The sales team"),
    "team_intro": ("Leads pris en charge, taux de conversion en clients (fenêtre de {window} "
                   "jours), cycle de vente médian et chiffre d'affaires par commercial. Les "
                   "objectifs d'équipe s'appliquent à chacun tels quels pour les taux et les "
                   "délais, à parts égales pour les volumes.",
                   "Leads handled, lead-to-customer rate ({window}-day window), median sales "
                   "cycle and revenue per sales rep. Team objectives apply to each rep as they "
                   "are for rates and delays, in equal shares for volumes."),
    "team_outlier": ("Le taux de conversion de {owner} ({rate}) s'écarte nettement de celui du "
                     "reste de l'équipe ({team}) : {verdict}.",
                     "{owner}'s conversion rate ({rate}) stands apart from the rest of the team's "
                     "({team}): {verdict}."),
    "method_title": ("Annexe : méthode", "Appendix: method"),
    "method_tests": ("Réel ou bruit : test z de deux proportions pour les taux (conversion, "
                     "rétention, clic), test de rapport de taux de Poisson pour les volumes (par "
                     "jour) et pour le CPL et le CAC (leads ou clients par euro dépensé), test z "
                     "sur la variance du NPS ; une évolution est dite réelle quand p < 0,05, à "
                     "confirmer quand p < 0,2, probablement du bruit au-delà. Les montants "
                     "(chiffre d'affaires, coûts) et leurs rapports sont comptés, pas "
                     "échantillonnés : ils ne sont pas testés. Le tableau ci-dessous donne chaque "
                     "test et sa valeur p.",
                     "Real or noise: two-proportion z-test for rates (conversion, retention, "
                     "click-through), Poisson rate-ratio test for volumes (per day) and for CPL "
                     "and CAC (leads or customers per unit spent), z-test on the NPS variance; a "
                     "change is called real when p < 0.05, to confirm when p < 0.2, probably "
                     "noise above. Money totals (revenue, costs) and their ratios are counted, "
                     "not sampled: they are not tested. The table below gives each test and its "
                     "p-value."),
    "method_roi": ("ROI des canaux payants (le chiffre de l'essentiel et des recommandations) : "
                   "(chiffre d'affaires de la période des clients dont la première commande tombe "
                   "dans la période, acquis par un canal payant − coût de ces canaux) / coût de "
                   "ces canaux. ROI global : (tout le chiffre d'affaires de la période − coût "
                   "marketing) / coût marketing, achats des anciens clients compris. ROI sur la "
                   "croissance : (chiffre d'affaires − celui de la période de comparaison − coût "
                   "marketing) / coût marketing.",
                   "ROI of paid channels (the figure of the summary and the recommendations): "
                   "(the period's revenue of the customers whose first order falls in the "
                   "period, acquired through a paid channel − the cost of those channels) / "
                   "their cost. Overall ROI: (all the period's revenue − marketing cost) / "
                   "marketing cost, repeat purchases of older customers included. ROI on growth: "
                   "(revenue − the comparison period's revenue − marketing cost) / marketing "
                   "cost."),
    "method_money": ("Montant en jeu (classement de ce qui a marché ou non) : l'écart à "
                     "l'objectif, ou à la période de comparaison, converti en chiffre "
                     "d'affaires : un client vaut le chiffre d'affaires moyen d'un nouveau client "
                     "de la période, un lead ce montant fois le taux lead → client, un visiteur "
                     "celui d'un lead fois le taux visiteur → lead ; un écart de coût unitaire est "
                     "multiplié par le volume, un écart de taux par la base et la valeur, un "
                     "écart de ROI par le coût marketing. Le NPS et le cycle de vente n'ont pas "
                     "de montant : ils viennent en dernier.",
                     "Money at stake (the ranking of what worked and what did not): the gap to "
                     "the objective, or to the comparison period, in revenue: a customer is worth "
                     "the period's average revenue of a new customer, a lead that times the "
                     "lead-to-customer rate, a visitor a lead's value times the visitor-to-lead "
                     "rate; a unit-cost gap is multiplied by the volume, a rate gap by the base "
                     "and the value, an ROI gap by the marketing cost. NPS and the sales cycle "
                     "have no money value: they come last."),
    "method_recommendations": ("Recommandations : le verdict de chaque canal payant (augmenter, "
                               "maintenir, réduire, trop peu de données) ; augmenter ou réduire "
                               "déplace {step} de la dépense de la période et l'effet attendu est "
                               "ce déplacement multiplié par le ROI du canal (au rendement moyen "
                               "de la période : un plafond pour une hausse). Avec un plan de "
                               "budget issu d'un modèle de mix, ce plan remplace la règle.",
                               "Recommendations: each paid channel's verdict (increase, keep, "
                               "reduce, too little data); increase or reduce moves {step} of the "
                               "period's spend and the expected effect is that move times the "
                               "channel's ROI (at the period's average return: a ceiling for an "
                               "increase). With a budget plan from a mix model, the plan "
                               "replaces the rule."),
    "method_forecast": ("Prévision : lissage exponentiel (tendance amortie, saisonnalités "
                        "hebdomadaire et annuelle) des six derniers mois de données quotidiennes ; "
                        "la fourchette vient de 500 trajectoires simulées du modèle pour les seuls "
                        "jours restants (les jours déjà observés sont certains). Visiteurs : "
                        "visites prévues fois les visiteurs par visite de la période analysée.",
                        "Forecast: exponential smoothing (damped trend, weekly and yearly "
                        "seasonality) of the last six months of daily data; the range comes from "
                        "500 simulated paths of the model for the remaining days only (the days "
                        "already observed are certain). Visitors: forecast visits times the "
                        "analysed period's visitors per visit."),
    "col_test": ("Test", "Test"),
    "col_p": ("Valeur p", "p-value"),
    "col_reading": ("Lecture", "Reading"),
    "funnel_scale": ("La largeur des barres suit la racine carrée des effectifs, pour que les "
                     "petites étapes restent visibles : une barre deux fois moins large compte "
                     "quatre fois moins de personnes.",
                     "Bar widths follow the square root of the counts, so that small stages stay "
                     "visible: a bar half as wide holds a quarter as many people."),
    "funnel_direct": ("Il y a plus de nouveaux clients ({customers}) que de leads ({leads}) : "
                      "{direct} clients ont acheté sans être passés par l'étape lead (commande "
                      "directe, sans formulaire ni demande préalable).",
                      "There are more new customers ({customers}) than leads ({leads}): {direct} "
                      "customers bought without becoming a lead first (a direct order, with no "
                      "form or request before it)."),
    "funnel_direct_some": ("Sur les {customers} nouveaux clients, {direct} ont acheté sans être "
                           "passés par l'étape lead (commande directe).",
                           "Of the {customers} new customers, {direct} bought without becoming a "
                           "lead first (a direct order)."),
    "col_new_revenue": ("CA des nouveaux clients", "New customers' revenue"),
    "col_channel_roi": ("ROI du canal", "Channel ROI"),
    "details_title": ("Le détail", "The details"),
    "method_status": ("Statut : part de l'objectif atteinte (réel / objectif, ou objectif / réel "
                      "pour les coûts) ; 100 % ou plus : en bonne voie, au moins {risk} : à "
                      "surveiller, en dessous : hors objectif.",
                      "Status: share of the objective achieved (actual / objective, or objective "
                      "/ actual for costs); 100% or more: on track, at least {risk}: at risk, "
                      "below: off track."),
    "method_revenue": ("Le chiffre d'affaires par canal est celui des contacts acquis par ce canal "
                       "(canal du lead, sinon premier contact).",
                       "Revenue per channel is the revenue of the contacts acquired through that "
                       "channel (lead channel, else first touch)."),
    "no_objectives_table": ("Aucun objectif n'a été transmis : les statuts ne peuvent pas être "
                            "calculés, le reste du tableau reste valable.",
                            "No objectives were provided: statuses cannot be computed; the rest "
                            "of the scorecard stands."),
    "all_channels": ("tous canaux", "all channels"),
    "no_nps": ("Aucune réponse à l'enquête de recommandation (NPS) n'a été fournie : l'étape "
               "« recommandation » n'est pas mesurée.",
               "No Net Promoter Score survey answers were provided: the referral stage is not "
               "measured."),
    "sparkline_alt": ("Évolution mensuelle", "Monthly trend"),
    # ------------------------------------------------------------------ summary (issue 14)
    "summary_title": ("L'essentiel", "At a glance"),
    "vs": ("vs", "vs"),
    "label_channel_roi": ("ROI des canaux payants", "ROI of paid channels"),
    "label_overall_roi": ("ROI global (tout le chiffre d'affaires)",
                          "Overall ROI (all revenue)"),
    "roi_headline": ("Le ROI des canaux payants ({roi}) compare le chiffre d'affaires que les "
                     "clients gagnés sur la période par ces canaux y ont réalisé ({revenue}) à ce "
                     "que ces canaux ont coûté ({cost}) : ce que les dépenses de la période ont "
                     "rapporté.",
                     "The ROI of paid channels ({roi}) sets the revenue of the customers these "
                     "channels won in the period, in the period ({revenue}), against what the "
                     "channels cost ({cost}): what the period's spend brought."),
    "roi_others": ("En comptant tout le chiffre d'affaires de la période, achats des clients plus "
                   "anciens compris, le rapport serait de {overall} ; en ne comptant que la "
                   "croissance du chiffre d'affaires par rapport à {ref}, il est de {growth}.",
                   "Counting all the period's revenue, repeat purchases of older customers "
                   "included, it would be {overall}; counting only the revenue growth over "
                   "{ref}, it is {growth}."),
    "summary_worked": ("Ce qui a marché", "What worked"),
    "summary_missed": ("Ce qui n'a pas marché", "What did not work"),
    "summary_worked_none": ("Aucun objectif atteint ni progrès net sur la période.",
                            "No objective met and no clear progress in the period."),
    "summary_missed_none": ("Aucun objectif manqué ni recul net sur la période.",
                            "No objective missed and no clear setback in the period."),
    "verdict_real_up": ("une vraie hausse", "a real rise"),
    "verdict_real_down": ("une vraie baisse", "a real fall"),
    "verdict_trend": ("une tendance à confirmer", "a trend to confirm"),
    "verdict_noise": ("probablement du bruit", "probably noise"),
    "item_objective": ("**{label}** : {actual} pour un objectif de {target} ({ach} de "
                       "l'objectif).",
                       "**{label}**: {actual} against an objective of {target} ({ach} of it)."),
    "item_objective_projected": ("**{label}** : la période devrait finir à {projected} (entre "
                                 "{low} et {high}) pour un objectif de {target}.",
                                 "**{label}**: the period should end at {projected} (between "
                                 "{low} and {high}) against an objective of {target}."),
    "item_change": ("**{label}** : {actual} contre {ref_value} en {ref} ({delta}).",
                    "**{label}**: {actual} against {ref_value} in {ref} ({delta})."),
    "item_money_worked": ("Gain : environ {money}.", "Gain: about {money}."),
    "item_money_missed": ("Manque à gagner : environ {money}.", "Shortfall: about {money}."),
    "item_reading": ("C'est {verdict}.", "It is {verdict}."),
    "item_vs": (" Par rapport à {ref} : {delta}{verdict}.", " Compared with {ref}: {delta}{verdict}."),
    "item_vs_noise": (" Par rapport à {ref} : pas de changement net (probablement du bruit).",
                      " Compared with {ref}: no clear change (probably noise)."),
    "item_channel_worked": ("**{channel}** : {cost} dépensés, {customers} nouveaux clients qui ont "
                            "acheté pour {revenue} sur la période (ROI {roi}).",
                            "**{channel}**: {cost} spent, {customers} new customers who bought "
                            "{revenue} in the period (ROI {roi})."),
    "item_channel_missed": ("**{channel}** : {cost} dépensés pour {customers} nouveaux clients et "
                            "{revenue} de chiffre d'affaires sur la période (ROI {roi}).",
                            "**{channel}**: {cost} spent for {customers} new customers and "
                            "{revenue} of revenue in the period (ROI {roi})."),
    "recommendations_title": ("Recommandations", "Recommendations"),
    "action_increase": ("Augmenter {channel}", "Increase {channel}"),
    "action_keep": ("Maintenir {channel}", "Keep {channel}"),
    "action_reduce": ("Réduire {channel}", "Reduce {channel}"),
    "action_too_little_data": ("Attendre pour {channel}", "Wait on {channel}"),
    "effect_increase": ("{budget} de budget ({share} de plus) rapporteraient au plus {effect} de "
                        "résultat (chiffre d'affaires moins dépense) au rendement actuel.",
                        "{budget} of budget ({share} more) would bring at most {effect} of "
                        "result (revenue minus spend) at the current return."),
    "effect_reduce": ("{budget} de budget ({share} de moins) changeraient le résultat (chiffre "
                      "d'affaires moins dépense) de {effect} au rendement actuel.",
                      "{budget} of budget ({share} less) would change the result (revenue minus "
                      "spend) by {effect} at the current return."),
    "effect_plan": ("{budget} de budget, pour {effect} de résultat attendu (chiffre d'affaires "
                    "moins dépense).",
                    "{budget} of budget, for {effect} of expected result (revenue minus "
                    "spend)."),
    "effect_keep": ("garder le budget actuel.", "keep the current budget."),
    "effect_too_little_data": ("trop peu de clients pour juger ; garder le budget le temps d'en "
                               "savoir plus.",
                               "too few customers to judge; keep the budget until more is "
                               "known."),
    "reason_increase": ("Son ROI ({roi}) est parmi les meilleurs des canaux payants.",
                        "Its ROI ({roi}) is among the best of the paid channels."),
    "reason_keep": ("Son ROI ({roi}) est dans la moyenne des canaux payants.",
                    "Its ROI ({roi}) is in line with the paid channels."),
    "reason_reduce": ("Son ROI ({roi}) est le plus faible des canaux payants.",
                      "Its ROI ({roi}) is the weakest of the paid channels."),
    "reason_little": ("{customers} nouveaux clients seulement.",
                      "Only {customers} new customers."),
    "reason_plan_increase": ("Le plan de budget le porte de {current} à {optimal}.",
                             "The budget plan takes it from {current} to {optimal}."),
    "reason_plan_keep": ("Le plan de budget le garde près de {current}.",
                         "The budget plan keeps it near {current}."),
    "reason_plan_reduce": ("Le plan de budget le ramène de {current} à {optimal}.",
                           "The budget plan takes it down from {current} to {optimal}."),
    "recommendations_note": ("Sans modèle de mix, l'effet attendu est celui du rendement de la "
                             "période : chaque somme ajoutée rapporte ce qu'a rapporté la dépense "
                             "moyenne. "
                             "Le rendement baisse d'ordinaire quand la dépense augmente : "
                             "procéder par paliers et mesurer.",
                             "Without a mix model, the expected effect is the period's return: "
                             "each extra amount spent brings what the average one brought. Returns "
                             "usually fall as spend grows: move in steps and measure."),
    "note_title": ("Le mot de votre analyste", "A note from your analyst"),
}


def tr(key: str, lang: str, **values: object) -> str:
    """Text of ``key`` in ``lang`` (values inserted as given)."""
    fr, en = TEXTS[key]
    return (fr if lang == "fr" else en).format(**values)
