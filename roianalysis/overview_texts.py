"""French and English texts of the overview notebook (:mod:`roianalysis.overview`).

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
    "attention_title": ("Ce qui demande votre attention", "What needs your attention"),
    "attention_none": ("Aucun objectif n'est manqué et aucune évolution défavorable nette n'est "
                       "visible sur la période.",
                       "No objective is missed and no clear unfavourable change shows in the "
                       "period."),
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
    "item_target": ("**{label}** : {actual} pour un objectif de {target} ({ach} de l'objectif), "
                    "{status}.",
                    "**{label}**: {actual} against an objective of {target} ({ach} of it), "
                    "{status}."),
    "item_target_projected": ("**{label}** : projection de fin de période à {projected} (entre "
                              "{low} et {high}) pour un objectif de {target}, {status}.",
                              "**{label}**: projected to end the period at {projected} (between "
                              "{low} and {high}) against an objective of {target}, {status}."),
    "item_change": (" Par rapport à {ref} : {delta}, {verdict}.",
                    " Compared with {ref}: {delta}, {verdict}."),
    "item_change_plain": (" Par rapport à {ref} : {delta}.", " Compared with {ref}: {delta}."),
    "item_adverse": ("**{label}** : {actual} contre {ref_value} pour {ref} ({delta}), {verdict}.",
                     "**{label}**: {actual} against {ref_value} in {ref} ({delta}), {verdict}."),
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
    "col_significance": ("Significativité", "Significance"),
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
               "l'objectif), ✖ hors objectif. Les évolutions sont accompagnées d'un test "
               "statistique : « réel » quand p < 0,05, « à confirmer » quand p < 0,2, « bruit » "
               "quand l'écart peut facilement être dû au hasard.",
               "How to read: ✔ on track (objective met), ▲ at risk (at least {risk} of the "
               "objective), ✖ off track. Changes come with a statistical test: \"real\" when "
               "p < 0.05, \"to confirm\" when p < 0.2, \"noise\" when the gap could easily be "
               "chance."),
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
    "pacing_done": ("La période est terminée : pas de projection nécessaire, les valeurs sont "
                    "définitives.",
                    "The period is over: no projection needed, the values are final."),
    "forecast_title": ("Indicateurs avancés : la période suivante",
                       "Leading indicators: the next period"),
    "forecast_intro": ("Prévision du trafic, des leads et du chiffre d'affaires de {next}, avec un "
                       "intervalle à {level} : de quoi anticiper plutôt que constater.",
                       "Forecast of traffic, leads and revenue for {next}, with a {level} "
                       "interval: something to act on before it shows in the results."),
    "forecast_none": ("Pas assez d'historique quotidien pour une prévision.",
                      "Not enough daily history for a forecast."),
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
    "team_none": ("Les leads ne portent pas de commercial (colonne `owner`) : la vue équipe "
                  "commerciale est omise.",
                  "The leads carry no sales rep (`owner` column): the sales team view is "
                  "skipped."),
    "method_title": ("Méthode", "Method"),
    "method_tests": ("Significativité : test z de deux proportions pour les taux (conversion, "
                     "rétention, clic), test de rapport de taux de Poisson pour les volumes (par "
                     "jour) et pour le CPL et le CAC (leads ou clients par euro dépensé), test z "
                     "sur la variance du NPS ; une évolution est dite réelle quand p < 0,05.",
                     "Significance: two-proportion z-test for rates (conversion, retention, "
                     "click-through), Poisson rate-ratio test for volumes (per day) and for CPL "
                     "and CAC (leads or customers per unit spent), z-test on the NPS variance; a "
                     "change is called real when p < 0.05."),
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
}


def tr(key: str, lang: str, **values: object) -> str:
    """Text of ``key`` in ``lang`` (values inserted as given)."""
    fr, en = TEXTS[key]
    return (fr if lang == "fr" else en).format(**values)
