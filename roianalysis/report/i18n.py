"""Every label and sentence the notebooks show, in French and English.

``t(key, lang, **values)`` returns the text of ``key`` in ``lang`` with ``{placeholders}`` filled
by ``values`` (``str.format``). Values are inserted as given: :mod:`roianalysis.report.context` escapes
data-derived values before they reach Markdown or HTML. A missing key or placeholder is an error
(tests check that both languages have the same keys and placeholders).
"""

from __future__ import annotations

import string
from datetime import date

from roianalysis.periods import Period
from roianalysis.report.format import period_label as _period_label

__all__ = ["LANGS", "MESSAGES", "channel_label", "period_dates", "period_label", "resolve_lang", "t"]

LANGS = ("fr", "en")

#: key -> (French, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ common
    "subtitle": ("{client} · {period} ({dates}) · comparé à {comparison}",
                 "{client} · {period} ({dates}) · compared with {comparison}"),
    "comparison_previous": ("la période précédente", "the previous period"),
    "comparison_year_ago": ("la même période un an plus tôt", "the same period a year earlier"),
    "col_period": ("{period}", "{period}"),
    "col_change": ("Évolution", "Change"),
    "col_metric": ("Indicateur", "Metric"),
    "col_channel": ("Canal", "Channel"),
    "col_campaign": ("Campagne", "Campaign"),
    "col_segment": ("Segment", "Segment"),
    "col_owner": ("Commercial", "Sales rep"),
    "col_month": ("Mois", "Month"),
    "col_model": ("Modèle", "Model"),
    "col_share_leads": ("Part des leads", "Share of leads"),
    "col_share_cost": ("Part du budget", "Share of spend"),
    "warnings_title": ("Remarques sur les données", "Notes on the data"),
    "warnings_intro": ("Les données reçues présentent {n} point(s) à vérifier ; l'analyse a pu se "
                       "poursuivre :",
                       "The data received has {n} point(s) to check; the analysis could go on:"),
    "method_title": ("Méthode", "Method"),
    "average": ("moyenne", "average"),
    "unknown_channel": ("(inconnu)", "(unknown)"),
    "all_channels": ("(tous canaux)", "(all channels)"),
    "no_campaign": ("(aucune)", "(none)"),
    "no_segment": ("(sans segment)", "(no segment)"),
    "above": ("au-dessus de", "above"),
    "below": ("en dessous de", "below"),
    "in_line": ("au niveau de", "in line with"),
    "and": ("et", "and"),
    "no_spend": ("Aucune dépense marketing n'a été fournie : les coûts, le coût par lead, le coût "
                 "d'acquisition client et le ROI ne peuvent pas être calculés.",
                 "No marketing spend was provided: costs, cost per lead, customer acquisition cost "
                 "and ROI cannot be computed."),
    "no_leads": ("Aucun lead (contact entrant, demande de devis, inscription) n'a été fourni : le "
                 "coût par lead et les taux de conversion en leads ne sont pas calculés dans ce "
                 "rapport.",
                 "No leads (inbound contacts, quote requests, sign-ups) were provided: cost per "
                 "lead and lead conversion rates are not computed in this report."),
    "no_orders": ("Aucune commande n'a été fournie (ou aucune n'a encore été passée) : le chiffre "
                  "d'affaires, les clients et le ROI ne sont pas disponibles pour l'instant.",
                  "No orders were provided (or none has been placed yet): revenue, customers and "
                  "ROI are not available yet."),
    "no_touchpoints": ("Aucune donnée de visite (visites du site, clics vers le site) n'a été "
                       "fournie : les visiteurs et les parcours ne sont pas disponibles.",
                       "No visit data (website visits, clicks to the site) was provided: visitors "
                       "and journeys are not available."),
    "visits_aggregated": ("Les visites viennent des rapports de l'outil de mesure d'audience, jour "
                          "par jour et par canal, sans le détail par personne : les visiteurs sont "
                          "la somme des utilisateurs de chaque jour (une personne venue plusieurs "
                          "jours compte plusieurs fois) et les parcours individuels ne sont pas "
                          "disponibles.",
                          "Visits come from the web analytics reports, day by day and per channel, "
                          "without the detail per person: visitors are the sum of each day's users "
                          "(someone who came on several days counts several times) and individual "
                          "journeys are not available."),
    "no_acquisition_channel": ("Ni les leads ni les visites ne disent par quel canal les clients "
                               "sont arrivés : le chiffre d'affaires, le ROI et les résultats "
                               "clients ne peuvent pas être répartis par canal ; seuls les totaux "
                               "sont présentés.",
                               "Neither leads nor visits tell through which channel customers "
                               "came: revenue, ROI and customer results cannot be split by "
                               "channel; only the totals are shown."),
    "no_nps": ("Aucune réponse à l'enquête de recommandation (NPS) n'a été fournie pour ce "
               "client : la satisfaction n'est pas mesurée dans ce rapport.",
               "No Net Promoter Score survey answers were provided for this client: satisfaction "
               "is not measured in this report."),
    "nothing_in_period": ("Rien à montrer pour {period} : aucune donnée ne tombe dans cette période.",
                          "Nothing to show for {period}: no data falls in this period."),
    # ------------------------------------------------------------------ 02 acquisition
    "acq_title": ("Coût d'acquisition par canal", "Acquisition cost per channel"),
    "acq_intro": ("Ce rapport met en regard, canal par canal, ce que l'acquisition a coûté (dépenses "
                  "marketing, outils, agence) et ce qu'elle a rapporté : visiteurs, leads, nouveaux "
                  "clients et chiffre d'affaires. Les ratios comptent plus que les volumes : combien "
                  "coûte un lead, combien coûte un client, combien de visiteurs faut-il pour en "
                  "gagner un.",
                  "This report sets, channel by channel, what acquisition cost (marketing spend, "
                  "tools, agency) against what it brought: visitors, leads, new customers and "
                  "revenue. Ratios matter more than volumes: what a lead costs, what a customer "
                  "costs, how many visitors it takes to win one."),
    "acq_summary_title": ("Chiffres clés", "Key figures"),
    "acq_summary_caption": ("Indicateurs de la période, tous canaux confondus, comparés à {comparison}.",
                            "Indicators of the period, all channels together, compared with "
                            "{comparison}."),
    "acq_summary_sentence": ("Sur {period}, {cost} de dépenses marketing ont apporté **{leads} leads** "
                             "(coût par lead {cpl}) et **{customers} nouveaux clients** (coût "
                             "d'acquisition client {cac}) ; le chiffre d'affaires de la période est de "
                             "{revenue} et le ROI des canaux payants de {roi}.",
                             "Over {period}, {cost} of marketing spend brought **{leads} leads** "
                             "(cost per lead {cpl}) and **{customers} new customers** (customer "
                             "acquisition cost {cac}); the period's revenue is {revenue} and the "
                             "paid channels' ROI {roi}."),
    "acq_summary_leads_only": ("Sur {period}, {cost} de dépenses marketing ont apporté **{leads} "
                               "leads** (coût par lead {cpl}).",
                               "Over {period}, {cost} of marketing spend brought **{leads} leads** "
                               "(cost per lead {cpl})."),
    "acq_summary_customers_only": ("Sur {period}, {cost} de dépenses marketing ont apporté "
                                   "**{customers} nouveaux clients** (coût d'acquisition client "
                                   "{cac}) ; le chiffre d'affaires de la période est de {revenue} et "
                                   "le ROI des canaux payants de {roi}.",
                                   "Over {period}, {cost} of marketing spend brought "
                                   "**{customers} new customers** (customer acquisition cost "
                                   "{cac}); the period's revenue is {revenue} and the paid channels' "
                                   "ROI {roi}."),
    "acq_summary_visitors": ("Le site a reçu {visitors} visiteurs ({sessions} visites) ; un "
                             "visiteur a coûté {cpv}.",
                             "The site received {visitors} visitors ({sessions} visits); a "
                             "visitor cost {cpv}."),
    "search_title": ("Référencement naturel : les recherches qui amènent des visites",
                     "Organic search: the searches that bring visits"),
    "search_caption_query": ("Les {n} recherches Google ayant apporté le plus de clics vers le site "
                             "sur {period}, comparées à {comparison}.",
                             "The {n} Google searches that brought the most clicks to the site "
                             "over {period}, compared with {comparison}."),
    "search_caption_page": ("Les {n} pages du site ayant reçu le plus de clics depuis les résultats "
                            "de recherche Google sur {period}, comparées à {comparison}.",
                            "The {n} pages of the site that received the most clicks from Google "
                            "search results over {period}, compared with {comparison}."),
    "search_caption_undated": ("Les {n} recherches (ou pages) ayant apporté le plus de clics sur "
                               "toute la période couverte par le rapport de recherche reçu.",
                               "The {n} searches (or pages) that brought the most clicks over the "
                               "whole range covered by the search report received."),
    "search_col_query": ("Recherche", "Search"),
    "search_col_page": ("Page", "Page"),
    "search_top_query": ("La recherche « {name} » arrive en tête avec {clicks} clics, à la "
                         "position moyenne {position}.",
                         "The search “{name}” comes first with {clicks} clicks, at an average "
                         "position of {position}."),
    "search_top_page": ("La page {name} arrive en tête avec {clicks} clics, à la position "
                        "moyenne {position}.",
                        "The page {name} comes first with {clicks} clicks, at an average "
                        "position of {position}."),
    "search_change": ("Ensemble, ces {n} lignes ont reçu {clicks} clics, {change} par rapport à "
                      "{comparison}.",
                      "Together, these {n} rows received {clicks} clicks, {change} against "
                      "{comparison}."),
    "search_undated": ("Le rapport reçu couvre sa propre période sans détail jour par jour : il "
                       "n'est pas comparé à une période précédente.",
                       "The report received covers its own range without a day-by-day detail: "
                       "it is not compared with an earlier period."),
    "search_read": ("Lecture : la position moyenne est celle du site dans les résultats (1 = "
                    "premier résultat), pondérée par le nombre d'affichages ; une position qui "
                    "baisse est une amélioration. Le taux de clic rapporte les clics aux "
                    "affichages.",
                    "How to read: the average position is the site's rank in the results (1 = "
                    "first result), weighted by the number of times it was shown; a falling "
                    "position is an improvement. The click-through rate sets clicks against "
                    "times shown."),
    "search_none": ("Aucune recherche n'a amené de clic sur la période.",
                    "No search brought a click over the period."),
    "acq_change_sentence": ("Par rapport à {comparison} ({cmp_period}), les leads évoluent de {leads} "
                            "et le coût par lead de {cpl}.",
                            "Compared with {comparison} ({cmp_period}), leads changed by {leads} "
                            "and the cost per lead by {cpl}."),
    "acq_read_summary": ("Lecture : la colonne « Évolution » donne la variation relative pour les "
                         "volumes et les montants, et l'écart en points pour les taux. Un coût qui "
                         "baisse est une bonne nouvelle ; un taux qui baisse, non.",
                         "How to read: the Change column gives the relative change for volumes "
                         "and amounts, and the difference in points for rates. A falling cost is "
                         "good news; a falling rate is not."),
    "funnel_title": ("L'entonnoir : du visiteur au client", "The funnel: from visitor to customer"),
    "funnel_chart_title": ("Entonnoir d'acquisition, {period}", "Acquisition funnel, {period}"),
    "stage_visitors": ("Visiteurs", "Visitors"),
    "stage_leads": ("Leads", "Leads"),
    "stage_customers": ("Nouveaux clients", "New customers"),
    "funnel_note_v2l": ("{rate} des visiteurs deviennent leads", "{rate} of visitors become leads"),
    "funnel_note_l2c": ("{rate} des leads achètent sous {days} jours",
                        "{rate} of leads buy within {days} days"),
    "funnel_sentence": ("L'entonnoir montre combien de contacts passent chaque étape. Sur {visitors} "
                        "visiteurs, {leads} sont devenus leads ({v2l}) ; {l2c} des leads de la "
                        "période ont passé une première commande dans les {days} jours. Il a fallu "
                        "**{vpc} visiteurs pour gagner un nouveau client**.",
                        "The funnel shows how many contacts pass each step. Of {visitors} "
                        "visitors, {leads} became leads ({v2l}); {l2c} of the period's leads placed "
                        "a first order within {days} days. It took **{vpc} visitors to win one new "
                        "customer**."),
    "funnel_direct_buyers": ("Les nouveaux clients sont plus nombreux que les leads : une partie "
                             "des clients achète sans passer par l'étape lead (achat direct en "
                             "ligne).",
                             "There are more new customers than leads: some customers buy "
                             "without becoming a lead first (direct online purchase)."),
    "channels_title": ("Coûts et résultats par canal", "Cost and results per channel"),
    "channels_caption": ("Dépenses, volumes, coûts unitaires et taux de conversion par canal "
                         "d'acquisition sur {period}.",
                         "Spend, volumes, unit costs and conversion rates per acquisition channel "
                         "over {period}."),
    "channels_return_caption": ("Conversion par canal d'acquisition sur {period} (le retour sur "
                                "investissement est plus bas, dans sa propre section).",
                                "Conversion per acquisition channel over {period} (the return on "
                                "investment has its own section below)."),
    "channels_top_leads": ("**{channel}** a apporté {share} des leads avec un coût par lead de "
                           "{cpl}, {diff} {direction} la moyenne ({avg}).",
                           "**{channel}** brought {share} of leads at a cost per lead of {cpl}, "
                           "{diff} {direction} the average ({avg})."),
    "channels_top_leads_free": ("**{channel}** a apporté {share} des leads, sans dépense directe "
                                "sur la période.",
                                "**{channel}** brought {share} of leads, with no direct spend "
                                "over the period."),
    "channels_cheapest_cac": ("Parmi les canaux payants, **{channel}** recrute ses clients au coût "
                              "le plus bas ({cac} par nouveau client) ; **{worst}** au plus élevé "
                              "({worst_cac}).",
                              "Among paid channels, **{channel}** wins customers at the lowest "
                              "cost ({cac} per new customer); **{worst}** at the highest "
                              "({worst_cac})."),
    "channels_free": ("Les canaux sans dépense ({channels}) ont un coût nul : leur coût par lead "
                      "n'a pas de sens seul, mais leur volume compte dans l'entonnoir.",
                      "Channels without spend ({channels}) cost nothing directly: their cost per "
                      "lead means little alone, but their volume counts in the funnel."),
    "unit_costs_title": ("Coût par lead et par client", "Cost per lead and per customer"),
    "cpl_chart_title": ("Coût par lead par canal, {period}", "Cost per lead by channel, {period}"),
    "cac_chart_title": ("Coût d'acquisition client par canal, {period}",
                        "Customer acquisition cost by channel, {period}"),
    "unit_costs_sentence": ("Chaque barre donne le coût d'un lead (puis d'un nouveau client) pour "
                            "un canal payant ; la ligne pointillée est la moyenne des canaux payants. Une "
                            "barre courte est un canal efficace ; une barre très au-delà de la "
                            "ligne mérite d'être revue.",
                            "Each bar gives the cost of a lead (then of a new customer) on a paid "
                            "channel; the dashed line is the paid-channel average. A short bar is "
                            "an efficient channel; a bar far beyond the line deserves a review."),
    "unit_costs_none": ("Aucun canal n'a à la fois des dépenses et des leads sur la période : pas de "
                        "coût unitaire à comparer.",
                        "No channel has both spend and leads over the period: no unit cost to "
                        "compare."),
    "roi_title": ("Retour sur investissement par canal", "Return on investment per channel"),
    "roi_chart_title": ("ROI par canal, {period}", "ROI by channel, {period}"),
    "roi_sentence": ("Le ROI rapporte le chiffre d'affaires des clients acquis par un canal (sa "
                     "« source d'origine » dans le CRM) à ce que le canal a coûté : ROI = (CA − "
                     "coût) / coût. Un ROI négatif signifie que le canal n'a pas encore remboursé "
                     "sa dépense. Le rapport d'attribution compare d'autres façons de répartir le "
                     "chiffre d'affaires.",
                     "ROI relates the revenue of the customers a channel acquired (its \"original "
                     "source\" in the CRM) to what the channel cost: ROI = (revenue − cost) / "
                     "cost. A negative ROI means the channel has not yet paid back its spend. The "
                     "attribution report compares other ways of splitting revenue."),
    "roi_best": ("**{channel}** a le meilleur ROI ({roi}, soit {roas} de chiffre d'affaires pour "
                 "{one} dépensé).",
                 "**{channel}** has the best ROI ({roi}, i.e. {roas} of revenue per {one} spent)."),
    "roi_negative": ("ROI négatif sur la période : {channels}.",
                     "Negative ROI over the period: {channels}."),
    "roi_none": ("Le ROI par canal demande des dépenses et des commandes : il n'est pas disponible.",
                 "ROI per channel needs spend and orders: it is not available."),
    "campaigns_title": ("Par campagne", "Per campaign"),
    "campaigns_caption": ("Les {n} campagnes ayant le plus dépensé sur {period}.",
                          "The {n} campaigns with the most spend over {period}."),
    "campaigns_sentence": ("Dans un même canal, les campagnes ne se valent pas : **{campaign}** "
                           "({channel}) a le coût par lead le plus bas parmi les campagnes payantes "
                           "({cpl}).",
                           "Within a channel, campaigns differ: **{campaign}** ({channel}) has "
                           "the lowest cost per lead among paid campaigns ({cpl})."),
    "campaigns_none": ("Les dépenses ne sont pas détaillées par campagne.",
                       "Spend is not broken down by campaign."),
    "segments_title": ("Par segment de leads", "Per lead segment"),
    "segments_caption": ("Leads, conversion et chiffre d'affaires par segment de leads sur {period} "
                         "(les dépenses ne sont pas ventilées par segment).",
                         "Leads, conversion and revenue per lead segment over {period} (spend is "
                         "not split by segment)."),
    "segments_sentence": ("Le segment **{segment}** convertit le mieux : {rate} de ses leads sont "
                          "devenus clients.",
                          "The **{segment}** segment converts best: {rate} of its leads became "
                          "customers."),
    "segments_none": ("Les leads de ce client ne portent pas de segment.",
                      "This client's leads carry no segment."),
    "owners_title": ("Traitement des leads par commercial", "Lead handling by sales rep"),
    "owners_caption": ("Leads attribués, taux de transformation et cycle de vente médian par "
                       "commercial sur {period}.",
                       "Leads assigned, conversion rate and median sales cycle per sales rep over "
                       "{period}."),
    "owners_sentence": ("**{owner}** transforme le plus de leads ({rate}) ; le cycle de vente "
                        "médian va de {fastest} à {slowest} selon les commerciaux.",
                        "**{owner}** converts the most leads ({rate}); the median sales cycle "
                        "ranges from {fastest} to {slowest} across reps."),
    "trends_title": ("Tendances mensuelles", "Monthly trends"),
    "trend_cost_title": ("Dépenses marketing par canal et par mois",
                         "Marketing spend per channel and month"),
    "trend_leads_title": ("Leads par canal et par mois", "Leads per channel and month"),
    "trend_cpl_title": ("Coût par lead, tous canaux, par mois", "Cost per lead, all channels, by month"),
    "trends_sentence": ("Les courbes couvrent les 12 mois qui se terminent avec la période. Le coût "
                        "par lead est passé de {first} en {first_month} à {last} en {last_month} "
                        "({change}). Une hausse des dépenses sans hausse des leads se lit comme un "
                        "coût par lead qui monte.",
                        "The lines cover the 12 months ending with the period. The cost per lead "
                        "went from {first} in {first_month} to {last} in {last_month} ({change}). "
                        "Spend rising without more leads shows as a rising cost per lead."),
    "trends_sentence_short": ("Les courbes couvrent les 12 mois qui se terminent avec la période.",
                              "The lines cover the 12 months ending with the period."),
    "acq_method": ("*Coût marketing* : toutes les dépenses sauf la catégorie `sales` ; *coût "
                   "d'acquisition* (CAC) : toutes les dépenses, outils et agence compris. CPL = coût "
                   "marketing / leads ; CAC = coût d'acquisition / nouveaux clients ; taux lead → "
                   "client = part des leads de la période ayant commandé dans les {days} jours. Le "
                   "canal d'un lead est sa source d'origine, à défaut son premier point de contact.",
                   "*Marketing cost*: every expense except the `sales` category; *acquisition "
                   "cost* (CAC): every expense, tools and agency included. CPL = marketing cost / "
                   "leads; CAC = acquisition cost / new customers; lead-to-customer rate = share "
                   "of the period's leads who ordered within {days} days. A lead's channel is its "
                   "original source, else its first touchpoint."),
    # ------------------------------------------------------------------ 05 attribution
    "att_title": ("Attribution des ventes par canal", "Channel attribution"),
    "att_intro": ("Un client croise souvent plusieurs canaux avant de {goal} : une annonce, un "
                  "e-mail, une recherche... Qui mérite le crédit ? Chaque modèle d'attribution "
                  "répond différemment. Ce rapport les met côte à côte pour distinguer les canaux qui "
                  "ouvrent les parcours de ceux qui les concluent, et ce que cela change au ROI.",
                  "A customer often meets several channels before {goal}: an ad, an e-mail, a "
                  "search... Who deserves the credit? Each attribution model answers differently. "
                  "This report sets them side by side to tell the channels that open journeys "
                  "from those that close them, and what that changes to ROI."),
    "goal_order": ("commander", "ordering"),
    "goal_lead": ("devenir lead", "becoming a lead"),
    "conversion_order": ("première commande", "first order"),
    "conversion_lead": ("création du lead", "lead creation"),
    "att_journeys_title": ("Les parcours", "The journeys"),
    "att_journeys_sentence": ("Sur {period}, {journeys} parcours ont été reconstitués, dont "
                              "**{conversions} aboutissent à une conversion** ({conversion} ; taux "
                              "de conversion {rate}). Un parcours convertissant compte en moyenne "
                              "{touches} points de contact sur les {lookback} jours précédant la "
                              "conversion ; {multi} des conversions ont impliqué plus d'un canal.",
                              "Over {period}, {journeys} journeys were rebuilt, of which "
                              "**{conversions} end in a conversion** ({conversion}; conversion rate "
                              "{rate}). A converting journey has on average {touches} touchpoints "
                              "over the {lookback} days before conversion; {multi} of conversions "
                              "involved more than one channel."),
    "att_paths_caption": ("Les {n} parcours convertissants les plus fréquents (suite des canaux "
                          "touchés, du premier au dernier).",
                          "The {n} most frequent converting paths (sequence of channels touched, "
                          "first to last)."),
    "col_path": ("Parcours", "Path"),
    "col_conversions": ("Conversions", "Conversions"),
    "col_nulls": ("Sans conversion", "Not converted"),
    "col_conversion_rate": ("Taux de conversion", "Conversion rate"),
    "col_value": ("Chiffre d'affaires", "Revenue"),
    "att_no_journeys": ("Aucun parcours n'a pu être reconstitué sur la période : l'attribution "
                        "demande, pour chaque client, les visites qui ont précédé son achat (ou sa "
                        "demande de contact), et il n'y en a pas ici.",
                        "No journey could be rebuilt over the period: attribution needs, for "
                        "each customer, the visits that came before the purchase (or the contact "
                        "request), and there are none here."),
    "att_heuristics_title": ("Modèles à règles fixes", "Rule-based models"),
    "att_heuristics_caption": ("Conversions attribuées à chaque canal selon chaque modèle à règles "
                               "fixes, sur {period}.",
                               "Conversions credited to each channel by each rule-based model, "
                               "over {period}."),
    "att_heuristics_chart": ("Conversions attribuées par canal et par modèle",
                             "Conversions credited per channel and model"),
    "att_heuristics_sentence": ("*Premier contact* donne tout le crédit au canal qui a ouvert le "
                                "parcours, *dernier contact* à celui qui l'a conclu ; *linéaire*, "
                                "*décroissance temporelle* et *en U* (40/20/40) le partagent. "
                                "**{opener}** gagne le plus à être jugé au premier contact : c'est "
                                "un canal qui fait découvrir. **{closer}** gagne le plus au dernier "
                                "contact : c'est un canal qui conclut.",
                                "*First touch* gives all the credit to the channel that opened the "
                                "journey, *last touch* to the one that closed it; *linear*, *time "
                                "decay* and *position-based* (40/20/40) share it. **{opener}** "
                                "gains most from being judged on first touch: it is a discovery "
                                "channel. **{closer}** gains most on last touch: it is a closing "
                                "channel."),
    "att_models_title": ("Modèles fondés sur les données", "Data-driven models"),
    "att_models_chart": ("Part des conversions attribuée par modèle",
                         "Share of conversions credited by model"),
    "att_models_sentence": ("Les deux modèles fondés sur les données mesurent ce que chaque canal apporte "
                            "en comparant les parcours avec et sans lui. La barre de chaque modèle "
                            "donne la part des conversions attribuée à chaque canal. Les modèles "
                            "divergent le plus sur **{channel}** : de {low} ({low_model}) à {high} "
                            "({high_model}) des conversions. Quand les modèles s'accordent sur un "
                            "canal, son rôle est établi ; quand ils divergent, la décision budgétaire "
                            "dépend de la question posée (découvrir ou conclure).",
                            "The two data-driven models measure what each channel adds by "
                            "comparing journeys with and without it. Each model's bar gives the "
                            "share of conversions credited to each channel. The models disagree "
                            "most on **{channel}**: from {low} ({low_model}) to {high} "
                            "({high_model}) of conversions. When models agree on a channel, its "
                            "role is settled; when they disagree, the budget decision depends on "
                            "the question asked (discover or close)."),
    "att_removal_chart": ("Conversions perdues si l'on retirait le canal des parcours",
                          "Conversions lost if the channel were taken out of the journeys"),
    "att_removal_sentence": ("Ce graphique estime la part des conversions qui disparaîtraient "
                             "si un canal était retiré des parcours. Sans **{channel}**, {effect} "
                             "des conversions seraient perdues.",
                             "This chart estimates the share of conversions that would "
                             "disappear if a channel were taken out of the journeys. Without "
                             "**{channel}**, {effect} of conversions would be lost."),
    "att_transitions_title": ("Comment les canaux s'enchaînent", "How channels follow each other"),
    "att_transitions_chart": ("Probabilité de passer d'un canal (ligne) au suivant (colonne)",
                              "Probability of moving from a channel (row) to the next (column)"),
    "att_transitions_sentence": ("Chaque ligne donne, pour un contact qui vient de toucher un canal, "
                                 "la probabilité de l'étape suivante : un autre canal, la conversion "
                                 "ou l'abandon. La plus forte probabilité de conversion suit "
                                 "**{channel}** ({rate}) ; les parcours commencent le plus souvent "
                                 "par **{start}** ({start_rate}).",
                                 "Each row gives, for a contact who just touched a channel, the "
                                 "probability of the next step: another channel, conversion or "
                                 "leaving. The highest conversion probability follows "
                                 "**{channel}** ({rate}); journeys most often start with "
                                 "**{start}** ({start_rate})."),
    "state_start": ("(début)", "(start)"),
    "state_conversion": ("(conversion)", "(conversion)"),
    "state_null": ("(abandon)", "(no conversion)"),
    "att_roi_title": ("ROI par canal selon le modèle", "ROI per channel by model"),
    "att_roi_caption": ("ROI de chaque canal payant selon le modèle qui lui attribue le chiffre "
                        "d'affaires, sur {period}.",
                        "ROI of each paid channel depending on the model that credits it with "
                        "revenue, over {period}."),
    "att_cpa_caption": ("Coût par conversion attribuée de chaque canal payant selon le modèle, sur "
                        "{period}.",
                        "Cost per credited conversion of each paid channel by model, over "
                        "{period}."),
    "att_roi_chart": ("ROI par canal et par modèle", "ROI per channel and model"),
    "att_cpa_chart": ("Coût par conversion attribuée, par canal et par modèle",
                      "Cost per credited conversion, per channel and model"),
    "att_roi_robust": ("Quel que soit le modèle, **{channels}** rapporte plus qu'il ne coûte.",
                       "Whatever the model, **{channels}** earns more than it costs."),
    "att_roi_depends": ("Le verdict sur **{channel}** dépend du modèle : son ROI va de {low} "
                        "({low_model}) à {high} ({high_model}).",
                        "The verdict on **{channel}** depends on the model: its ROI ranges from "
                        "{low} ({low_model}) to {high} ({high_model})."),
    "att_cpa_sentence": ("Les conversions de ce client sont des leads, sans chiffre d'affaires : le "
                         "tableau donne donc le coût par lead attribué. **{channel}** a le coût le "
                         "plus stable d'un modèle à l'autre.",
                         "This client's conversions are leads, without revenue: the table gives "
                         "the credited cost per lead. **{channel}** has the steadiest cost from "
                         "one model to another."),
    "att_roi_none": ("Aucune dépense sur la période : le ROI par modèle n'est pas disponible.",
                     "No spend over the period: ROI per model is not available."),
    "att_method": ("Conversion : {conversion} ; fenêtre d'observation : {lookback} jours avant la "
                   "conversion. Les parcours sans conversion comptent pour les modèles fondés sur "
                   "les données : « enchaînement des canaux » (modèle de Markov) et « contribution "
                   "partagée » (valeur de Shapley). Chaque modèle répartit exactement le total des conversions et du "
                   "chiffre d'affaires. Markov : effet de retrait calculé exactement (chaîne "
                   "d'ordre 1, sans simulation) ; Shapley : valeur de Shapley du jeu des "
                   "coalitions de canaux.",
                   "Conversion: {conversion}; lookback window: {lookback} days before conversion. "
                   "Journeys without conversion count for the data-driven models: \"channel sequence\" "
                   "(Markov model) and \"shared contribution\" (Shapley value). Every "
                   "model splits exactly the total conversions and revenue. Markov: removal "
                   "effect computed exactly (order-1 chain, no simulation); Shapley: Shapley value "
                   "of the channel coalition game."),
    "model_first_touch": ("Premier contact", "First touch"),
    "model_last_touch": ("Dernier contact", "Last touch"),
    "model_last_non_direct": ("Dernier contact non direct", "Last non-direct touch"),
    "model_linear": ("Linéaire", "Linear"),
    "model_time_decay": ("Décroissance temporelle", "Time decay"),
    "model_position_based": ("En U (40/20/40)", "Position-based (40/20/40)"),
    "model_markov": ("Enchaînement des canaux", "Channel sequence"),
    "model_shapley": ("Contribution partagée", "Shared contribution"),
}


def resolve_lang(lang: str | None, data=None) -> str:
    """``lang`` if given, else the client's ``language``, else English; ``fr`` or ``en``."""
    if not lang and data is not None:
        lang = getattr(getattr(data, "config", None), "language", None)
    lang = (lang or "en").strip().lower()[:2]
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}: use one of {', '.join(LANGS)}")
    return lang


def placeholders(text: str) -> set[str]:
    """The ``{names}`` of a message."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def t(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (``fr`` or ``en``) with ``values`` filled in.

    Raises
    ------
    KeyError
        Unknown key, or a placeholder without a value.
    """
    try:
        fr, en = MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message {key!r}") from None
    text = fr if resolve_lang(lang) == "fr" else en
    return text.format(**values) if values or "{" in text else text


_SPECIAL_CHANNELS = {"(unknown)": "unknown_channel", "(all channels)": "all_channels",
                     "(none)": "no_campaign", "(no segment)": "no_segment"}


def channel_label(name: object, lang: str) -> str:
    """The text of a channel, campaign or segment name; the package's placeholders translated."""
    s = str(name)
    key = _SPECIAL_CHANNELS.get(s)
    return t(key, lang) if key else s


_MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}
_MONTHS_SHORT = {
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
           "nov.", "déc."],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def format_date(d: date, lang: str, short: bool = False) -> str:
    """``1 juil. 2026`` / ``1 Jul 2026`` (``short``), ``1er juillet 2026`` / ``1 July 2026``."""
    lang = resolve_lang(lang)
    names = (_MONTHS_SHORT if short else _MONTHS)[lang]
    day = "1er" if lang == "fr" and d.day == 1 and not short else str(d.day)
    return f"{day} {names[d.month - 1]} {d.year}"


def month_label(year: int, month: int, lang: str, short: bool = True) -> str:
    """``sept. 2026`` / ``Sep 2026`` (short) or ``septembre 2026`` / ``September 2026``."""
    lang = resolve_lang(lang)
    return f"{(_MONTHS_SHORT if short else _MONTHS)[lang][month - 1]} {year}"


def period_label(period: str | Period, lang: str) -> str:
    """A period as people say it: ``T3 2026`` / ``Q3 2026``, ``S1 2026``, ``septembre 2026``...
    (:func:`roianalysis.report.format.period_label`)."""
    return _period_label(period, resolve_lang(lang))


def period_dates(period: str | Period, lang: str) -> str:
    """First and last day: ``1er juil. 2026 – 30 sept. 2026``."""
    p = Period.parse(period)
    return f"{format_date(p.start, lang, short=True)} – {format_date(p.end, lang, short=True)}"


# ---------------------------------------------------------------------- 03 retention
MESSAGES.update({
    "ret_title": ("Rétention des clients par cohorte", "Customer retention by cohort"),
    "ret_intro": ("Gagner un client coûte cher ; le garder rapporte. Ce rapport suit les clients "
                  "après leur première commande : combien reviennent, au bout de combien de temps, "
                  "et selon le canal qui les a amenés.",
                  "Winning a customer is expensive; keeping one pays. This report follows "
                  "customers after their first order: how many come back, after how long, and "
                  "depending on the channel that brought them."),
    "ret_summary_title": ("Rétention de la période", "Retention over the period"),
    "ret_summary_sentence": ("Sur les {previous} clients qui avaient commandé en {cmp_period}, "
                             "**{retained} ont commandé de nouveau en {period}**, soit un taux de "
                             "rétention de {rate} (attrition {churn}). Sur un an, la rétention "
                             "est de {yearly}.",
                             "Of the {previous} customers who ordered in {cmp_period}, "
                             "**{retained} ordered again in {period}**, a retention rate of "
                             "{rate} (churn {churn}). Over a year, retention is {yearly}."),
    "ret_summary_caption": ("Rétention, attrition et fréquence d'achat, comparées à {comparison}.",
                            "Retention, churn and purchase frequency, compared with {comparison}."),
    "ret_read_summary": ("Le taux de rétention d'une période est la part des clients de la période "
                         "précédente qui ont commandé de nouveau ; l'attrition en est le "
                         "complément.",
                         "A period's retention rate is the share of the previous period's "
                         "customers who ordered again; churn is the rest."),
    "ret_cohorts_title": ("Cohortes mensuelles", "Monthly cohorts"),
    "ret_heatmap_title": ("Part des clients de chaque cohorte qui commandent k mois après leur "
                          "premier achat",
                          "Share of each cohort's customers ordering k months after their first "
                          "purchase"),
    "ret_heatmap_x": ("Mois depuis la première commande", "Months since first order"),
    "ret_heatmap_y": ("Cohorte (mois du premier achat)", "Cohort (month of first purchase)"),
    "ret_heatmap_sentence": ("Chaque ligne regroupe les clients dont la première commande tombe dans "
                             "le même mois ; chaque colonne donne la part d'entre eux qui commande "
                             "de nouveau k mois plus tard. En moyenne, **{m1} des nouveaux clients "
                             "repassent commande le mois suivant** et {m6} commandent encore six mois "
                             "après. Une ligne plus foncée que les autres signale une cohorte "
                             "mieux fidélisée.",
                             "Each row groups the customers whose first order fell in the same "
                             "month; each column gives the share of them ordering again k months "
                             "later. On average, **{m1} of new customers order again the next "
                             "month** and {m6} are still ordering six months later. A row darker "
                             "than the others marks a better-retained cohort."),
    "ret_heatmap_short": ("Chaque ligne regroupe les clients dont la première commande tombe dans le "
                          "même mois ; chaque colonne donne la part d'entre eux qui commande de "
                          "nouveau k mois plus tard.",
                          "Each row groups the customers whose first order fell in the same month; "
                          "each column gives the share of them ordering again k months later."),
    "ret_channels_title": ("Rétention selon le canal d'acquisition",
                           "Retention by acquisition channel"),
    "ret_curves_title": ("Part des clients qui commandent k mois après leur premier achat, par "
                         "canal d'acquisition",
                         "Share of customers ordering k months after their first purchase, by "
                         "acquisition channel"),
    "ret_curves_sentence": ("Chaque courbe suit, mois après mois, la part des clients d'un canal qui "
                            "commandent encore. Trois mois après leur premier achat, les clients "
                            "venus par **{best}** sont les plus fidèles ({best_rate}), ceux venus "
                            "par **{worst}** les moins ({worst_rate}). Un canal bon marché qui "
                            "amène des clients peu fidèles peut coûter plus cher qu'il n'y paraît.",
                            "Each line follows, month after month, the share of a channel's "
                            "customers still ordering. Three months after their first purchase, "
                            "customers who came through **{best}** are the most loyal "
                            "({best_rate}), those from **{worst}** the least ({worst_rate}). A "
                            "cheap channel bringing disloyal customers can cost more than it "
                            "seems."),
    "ret_churn_caption": ("Rétention et attrition de la période par canal d'acquisition, avec la "
                          "fréquence d'achat et le panier moyen.",
                          "Retention and churn of the period per acquisition channel, with purchase "
                          "frequency and average basket."),
    "ret_churn_sentence": ("**{channel}** a l'attrition la plus forte sur la période ({churn}).",
                           "**{channel}** has the highest churn over the period ({churn})."),
    "ret_revenue_title": ("Chiffre d'affaires cumulé par client", "Cumulative revenue per customer"),
    "ret_revenue_chart": ("Chiffre d'affaires cumulé par client k mois après le premier achat",
                          "Cumulative revenue per customer k months after the first purchase"),
    "ret_revenue_sentence": ("En moyenne, un nouveau client a dépensé {m0} le mois de son premier "
                             "achat et {m12} au bout de {k} mois : c'est la valeur qu'un coût "
                             "d'acquisition doit rembourser.",
                             "On average, a new customer spent {m0} in the month of the first "
                             "purchase and {m12} after {k} months: this is the value an "
                             "acquisition cost must pay back."),
    "ret_projection_title": ("Projection des courbes de rétention", "Retention curves projected"),
    "ret_projection_chart": ("Part d'une cohorte encore active : observée et projetée",
                             "Share of a cohort still active: observed and projected"),
    "ret_observed": ("Observée", "Observed"),
    "ret_projected": ("Projetée", "Projected"),
    "ret_projection_sentence": ("Le modèle géométrique à bêta décalée (Fader & Hardie, 2007) "
                                "prolonge les courbes observées : il projette que {p12} d'une "
                                "cohorte sera encore active après 12 mois et {p24} après 24 mois. "
                                "Ce modèle suppose qu'un client qui part ne revient pas : il "
                                "convient aux abonnements ; pour des achats libres, lisez-le comme "
                                "un ordre de grandeur.",
                                "The shifted-beta-geometric model (Fader & Hardie, 2007) extends "
                                "the observed curves: it projects that {p12} of a cohort will "
                                "still be active after 12 months and {p24} after 24 months. The "
                                "model assumes a customer who leaves does not come back: it suits "
                                "subscriptions; for free-form purchases, read it as an order of "
                                "magnitude."),
    "ret_projection_none": ("Trop peu de cohortes observées pour projeter la rétention.",
                            "Too few observed cohorts to project retention."),
    "ret_no_cohorts": ("Aucune commande avant la fin de la période : pas de cohorte à suivre.",
                       "No order before the end of the period: no cohort to follow."),
    "ret_method": ("Cohorte : mois de la première commande d'un client. Une cellule (c, k) est la "
                   "part des clients de la cohorte c qui ont commandé au cours du mois c + k. Seules "
                   "les commandes passées avant la fin de {period} sont prises en compte. Le canal "
                   "d'acquisition est la source d'origine du lead, à défaut le premier point de "
                   "contact avant la première commande.",
                   "Cohort: month of a customer's first order. A cell (c, k) is the share of "
                   "cohort c's customers who ordered during month c + k. Only orders placed "
                   "before the end of {period} count. The acquisition channel is the lead's "
                   "original source, else the first touchpoint before the first order."),
})


# ---------------------------------------------------------------------- 04 lifetime value
MESSAGES.update({
    "clv_title": ("Valeur vie client", "Customer lifetime value"),
    "clv_intro": ("Combien vaut un client sur toute la durée de la relation, en marge, et combien "
                  "a-t-il coûté à acquérir ? Tant que la valeur vie dépasse nettement le coût "
                  "d'acquisition, le canal est un investissement rentable.",
                  "What is a customer worth over the whole relationship, in margin, and what did "
                  "winning them cost? As long as lifetime value clearly exceeds the acquisition "
                  "cost, the channel is a profitable investment."),
    "clv_simple_title": ("La valeur vie en une formule", "Lifetime value in one formula"),
    "clv_simple_caption": ("Données des 12 mois se terminant avec {period} et valeur vie qui en "
                           "découle.",
                           "Inputs over the 12 months ending with {period} and the lifetime value "
                           "they give."),
    "clv_simple_sentence": ("Un client dépense en moyenne {basket} par commande, commande {freq} "
                            "fois par an, avec un taux de marge de {margin}, et {retention} des "
                            "clients d'une année rachètent l'année suivante. Il vaut donc **{clv} "
                            "de marge sur sa durée de vie** ({disc} en valeur actualisée à {rate} "
                            "par an).",
                            "A customer spends on average {basket} per order, orders {freq} times "
                            "a year, at a margin rate of {margin}, and {retention} of a year's "
                            "customers buy again the next year. A customer is therefore worth "
                            "**{clv} of margin over their lifetime** ({disc} discounted at {rate} "
                            "a year)."),
    "clv_vs_cac_sentence": ("Avec un coût d'acquisition client de {cac} sur {period}, le ratio "
                            "valeur vie / coût d'acquisition est de **{ratio}** (on vise "
                            "habituellement 3 ou plus) et le coût d'acquisition est remboursé en "
                            "{payback} de marge.",
                            "With a customer acquisition cost of {cac} over {period}, the lifetime "
                            "value to acquisition cost ratio is **{ratio}** (3 or more is the usual "
                            "aim) and the acquisition cost is paid back in {payback} of margin."),
    "input_average_basket": ("Panier moyen", "Average basket"),
    "input_frequency": ("Commandes par client et par an", "Orders per customer per year"),
    "input_margin_rate": ("Taux de marge brute", "Gross margin rate"),
    "input_retention": ("Rétention annuelle", "Yearly retention"),
    "input_lifetime": ("Durée de vie attendue", "Expected lifetime"),
    "input_years": ("{n} ans", "{n} years"),
    "col_value_short": ("Valeur", "Value"),
    "clv_channels_title": ("Valeur vie et coût d'acquisition par canal",
                           "Lifetime value and acquisition cost per channel"),
    "clv_channels_caption": ("Valeur vie (formule simple) des clients de chaque canal d'acquisition "
                             "face au coût d'acquisition client du canal sur {period}.",
                             "Lifetime value (simple formula) of each acquisition channel's "
                             "customers against the channel's customer acquisition cost over "
                             "{period}."),
    "clv_channels_chart": ("Valeur vie et coût d'acquisition client par canal",
                           "Lifetime value and customer acquisition cost per channel"),
    "clv_channels_sentence": ("Chaque paire de barres compare ce qu'un client rapporte en marge sur "
                              "sa durée de vie à ce qu'il a coûté. **{best}** offre le meilleur "
                              "ratio ({best_ratio}).",
                              "Each pair of bars compares what a customer brings in margin over "
                              "their lifetime with what they cost. **{best}** offers the best ratio "
                              "({best_ratio})."),
    "clv_channels_weak": ("Sous le seuil de 1 (le client coûte plus qu'il ne rapporte) : {channels}.",
                          "Below 1 (the customer costs more than they bring): {channels}."),
    "clv_channels_ok": ("Selon la formule simple (toute la durée de vie attendue), les clients de "
                        "chaque canal payant valent plus que ce qu'ils ont coûté.",
                        "By the simple formula (the whole expected lifetime), every paid "
                        "channel's customers are worth more than they cost."),
    "clv_models_title": ("Modèles probabilistes : qui est encore client ?",
                         "Probabilistic models: who is still a customer?"),
    "clv_models_intro": ("Deux modèles statistiques (l'un pour les achats, l'autre pour leur montant) "
                         "estiment, client par client, la probabilité d'être encore actif et les achats à venir, à "
                         "partir de trois informations : nombre d'achats, date du dernier achat, "
                         "ancienneté.",
                         "Two statistical models (one for purchases, one for their amount) "
                         "estimate, customer by customer, the probability of still being active and the purchases to "
                         "come, from three facts: number of purchases, date of the last one, and "
                         "tenure."),
    "clv_calibration_chart": ("Achats par client sur les {days} derniers jours : réels et prédits",
                              "Purchases per customer over the last {days} days: actual and "
                              "predicted"),
    "clv_calibration_x": ("Achats répétés avant la période de contrôle",
                          "Repeat purchases before the holdout period"),
    "clv_actual": ("Réels", "Actual"),
    "clv_predicted": ("Prédits par le modèle", "Predicted by the model"),
    "clv_model_bgnbd": ("BG/NBD (Fader, Hardie & Lee, 2005)", "BG/NBD (Fader, Hardie & Lee, 2005)"),
    "clv_model_pareto_nbd": ("Pareto/NBD (Schmittlein, Morrison & Colombo, 1987)",
                             "Pareto/NBD (Schmittlein, Morrison & Colombo, 1987)"),
    "clv_model_geometric_nbd": ("BG/NBD à probabilité d'abandon commune à tous les clients (les "
                                "données ne montrent pas de différence entre clients sur ce "
                                "point ; limite du BG/NBD de Fader, Hardie & Lee, 2005)",
                                "BG/NBD with one dropout probability for every customer (the data "
                                "show no difference between customers on this point; the limit of "
                                "the BG/NBD of Fader, Hardie & Lee, 2005)"),
    "clv_model_nbd": ("NBD sans abandon (les données ne montrent aucun départ de client ; "
                      "Ehrenberg, 1959)",
                      "NBD without dropout (the data show no customer leaving; Ehrenberg, 1959)"),
    "clv_calibration_sentence": ("Pour vérifier le modèle, il est ajusté sur les commandes "
                                 "antérieures aux {days} derniers jours, puis comparé à ce qui "
                                 "s'est réellement passé ensuite. Sur l'ensemble des clients, il "
                                 "prédit {predicted} achats par client contre {actual} observés "
                                 "({gap}). Des barres proches d'un groupe à l'autre signifient que "
                                 "les prévisions ci-dessous sont fiables.",
                                 "To check the model, it is fitted on the orders before the last "
                                 "{days} days, then compared with what actually happened next. "
                                 "Across customers it predicts {predicted} purchases per "
                                 "customer against {actual} observed ({gap}). Bars close to each "
                                 "other in every group mean the forecasts below can be trusted."),
    "clv_alive_chart": ("Probabilité d'être encore client", "Probability of still being a customer"),
    "clv_alive_y": ("Clients", "Customers"),
    "clv_alive_sentence": ("Chaque barre compte les clients selon leur probabilité d'être encore "
                           "actifs à la fin de {period}. **{share} des clients sont probablement "
                           "encore actifs** (probabilité supérieure à 50 %). Les clients à "
                           "probabilité moyenne sont la cible naturelle d'une relance.",
                           "Each bar counts customers by their probability of still being active "
                           "at the end of {period}. **{share} of customers are probably still "
                           "active** (probability above 50%). Customers with a middling "
                           "probability are the natural target of a win-back campaign."),
    "clv_top_title": ("Les clients les plus précieux", "The most valuable customers"),
    "clv_top_caption": ("Les {n} clients à la plus forte valeur attendue sur les {months} prochains "
                        "mois (marge actualisée).",
                        "The {n} customers with the highest expected value over the next {months} "
                        "months (discounted margin)."),
    "col_customer": ("Client", "Customer"),
    "col_orders": ("Commandes", "Orders"),
    "col_days_since": ("Jours depuis la dernière", "Days since last"),
    "col_p_alive": ("Probabilité d'être actif", "Probability alive"),
    "col_expected": ("Achats attendus", "Expected purchases"),
    "col_clv_model": ("Valeur attendue", "Expected value"),
    "clv_top_sentence": ("Ces {n} clients représentent {share} de la valeur attendue de toute la "
                         "clientèle : les connaître et les soigner compte.",
                         "These {n} customers hold {share} of the expected value of the whole "
                         "customer base: knowing and looking after them matters."),
    "clv_model_channels_caption": ("Valeur attendue sur {months} mois par client (modèles) selon le "
                                   "canal d'acquisition, face au coût d'acquisition sur {period}.",
                                   "Expected value over {months} months per customer (models) by "
                                   "acquisition channel, against acquisition cost over {period}."),
    "col_clv_cac": ("Valeur / CAC (modèles)", "Value / CAC (models)"),
    "col_payback": ("Remboursement du CAC", "CAC payback"),
    "col_customers": ("Clients", "Customers"),
    "clv_model_channels_sentence": ("Sur {months} mois, la valeur attendue d'un client va de {low} "
                                    "(**{low_channel}**) à {high} (**{high_channel}**) selon le "
                                    "canal qui l'a amené.",
                                    "Over {months} months, a customer's expected value ranges from "
                                    "{low} (**{low_channel}**) to {high} (**{high_channel}**) "
                                    "depending on the channel that brought them."),
    "clv_models_failed": ("Les modèles probabilistes n'ont pas pu être ajustés sur ces données "
                          "({reason}) : seule la formule simple est présentée.",
                          "The probabilistic models could not be fitted on this data ({reason}): "
                          "only the simple formula is shown."),
    "clv_too_few": ("trop peu de clients ayant acheté plusieurs fois",
                    "too few customers with repeat purchases"),
    "clv_method": ("Formule simple : valeur vie = panier moyen × commandes par an × taux de marge × "
                   "1 / (1 − rétention annuelle) ; actualisée : marge annuelle × (1 + d) / (1 + d − r), "
                   "d = {rate}. Modèles : {model} pour les achats et Gamma-Gamma pour leur montant, "
                   "ajustés par maximum de vraisemblance sur les commandes jusqu'à la fin de "
                   "{period} ; valeur attendue = marge des achats attendus mois par mois sur "
                   "{months} mois, actualisée.",
                   "Simple formula: lifetime value = average basket × orders per year × margin "
                   "rate × 1 / (1 − yearly retention); discounted: yearly margin × (1 + d) / (1 + d − "
                   "r), d = {rate}. Models: {model} for purchases and Gamma-Gamma for their amount, "
                   "fitted by maximum likelihood on the orders up to the end of {period}; "
                   "expected value = margin of the purchases expected month by month over "
                   "{months} months, discounted."),
})


# ---------------------------------------------------------------------- satisfaction, lead conversions
MESSAGES.update({
    "ret_nps_title": ("Satisfaction (NPS)", "Satisfaction (NPS)"),
    "ret_nps_caption": ("Net Promoter Score des réponses reçues sur {period}, par canal "
                        "d'acquisition du répondant.",
                        "Net Promoter Score of the answers received over {period}, by the "
                        "respondent's acquisition channel."),
    "ret_nps_sentence": ("Le NPS de la période est de **{nps}** sur {answers} réponses ({change} par "
                         "rapport à {comparison}) : part des promoteurs (9-10) moins part des "
                         "détracteurs (0-6). Un client satisfait rachète et recommande : c'est un "
                         "indicateur avancé de la rétention.",
                         "The period's NPS is **{nps}** over {answers} answers ({change} against "
                         "{comparison}): share of promoters (9-10) minus share of detractors "
                         "(0-6). A satisfied customer buys again and recommends: it is a leading "
                         "indicator of retention."),
    "ret_nps_channels": ("Les clients venus par **{best}** sont les plus satisfaits (NPS {best_nps}), "
                         "ceux venus par **{worst}** les moins (NPS {worst_nps}).",
                         "Customers who came through **{best}** are the most satisfied (NPS "
                         "{best_nps}), those from **{worst}** the least (NPS {worst_nps})."),
    "att_cpa_title": ("Coût par conversion selon le modèle", "Cost per conversion by model"),
})

MESSAGES.update({
    "clv_missing": ("La valeur vie demande la rétention annuelle, donc au moins deux années de "
                    "commandes : elle n'est pas encore calculable pour {period}.",
                    "Lifetime value needs the yearly retention, hence at least two years of "
                    "orders: it cannot be computed yet for {period}."),
})

MESSAGES.update({
    "clv_no_convergence": ("l'estimation n'a pas convergé, signe de données trop peu variées",
                           "the estimation did not converge, a sign of too little variety in the "
                           "data"),
})

MESSAGES.update({
    "segments_matrix_title": ("Taux lead → client par canal et par segment",
                              "Lead-to-customer rate by channel and segment"),
    "segments_matrix_sentence": ("Quel canal fonctionne avec quelle cible ? Chaque case donne la "
                                 "part des leads d'un canal et d'un segment devenus clients (cases "
                                 "vides : moins de {min} leads). La meilleure combinaison est "
                                 "**{channel}** × **{segment}** ({rate}).",
                                 "Which channel works with which target? Each cell gives the share "
                                 "of a channel's leads in a segment who became customers (blank "
                                 "cells: fewer than {min} leads). The best pair is **{channel}** × "
                                 "**{segment}** ({rate})."),
})

# --- story-roi ---
MESSAGES.update({
    "verdict_increase": ("Augmenter", "Increase"),
    "verdict_keep": ("Maintenir", "Keep"),
    "verdict_reduce": ("Réduire", "Reduce"),
    "verdict_too_little_data": ("Trop peu de données", "Too little data"),
    "verdict_reason_unknown_revenue": (
        "le chiffre d'affaires de ses clients n'est pas connu",
        "the revenue of its customers is not known"),
    "verdict_reason_small_sample": (
        "moins de 10 nouveaux clients et de 30 leads sur la période : trop peu pour juger",
        "fewer than 10 new customers and 30 leads in the period: too few to judge"),
    "verdict_reason_loses": (
        "il coûte plus qu'il ne rapporte sur la période, et la valeur vie de ses clients ne "
        "couvre pas leur coût d'acquisition",
        "it costs more than it brings in the period, and its customers' lifetime value does not "
        "cover their acquisition cost"),
    "verdict_reason_loss_off_target": (
        "il coûte plus qu'il ne rapporte sur la période et manque son objectif",
        "it costs more than it brings in the period and misses its objective"),
    "verdict_reason_loss_worse": (
        "il coûte plus qu'il ne rapporte sur la période et gagne nettement moins de clients par "
        "euro dépensé qu'avant",
        "it costs more than it brings in the period and wins clearly fewer customers per unit "
        "spent than before"),
    "verdict_reason_increase": (
        "il rapporte plus qu'il ne coûte et ses clients valent au moins trois fois leur coût "
        "d'acquisition",
        "it brings more than it costs and its customers are worth at least three times their "
        "acquisition cost"),
    "verdict_reason_lifetime": (
        "il ne se rembourse pas encore sur la période, mais la valeur vie de ses clients couvre "
        "leur coût",
        "it does not pay back within the period yet, but its customers' lifetime value covers "
        "their cost"),
    "verdict_reason_off_target": (
        "il rapporte plus qu'il ne coûte mais manque son objectif",
        "it brings more than it costs but misses its objective"),
    "verdict_reason_worse": (
        "il rapporte plus qu'il ne coûte mais gagne nettement moins de clients par euro dépensé "
        "qu'avant",
        "it brings more than it costs but wins clearly fewer customers per unit spent than "
        "before"),
    "verdict_reason_thin": (
        "il rapporte plus qu'il ne coûte, mais ses clients valent moins de trois fois leur coût "
        "d'acquisition",
        "it brings more than it costs, but its customers are worth less than three times their "
        "acquisition cost"),
})
MESSAGES.update({
    "roi_col_revenue": ("CA des nouveaux clients", "New-customer revenue"),
    "col_verdict": ("Verdict", "Verdict"),
})
MESSAGES.update({
    "roi_col_original": ("ROI « source d'origine »", "Original-source ROI"),
    "paid_channels_total": ("Canaux payants (ensemble)", "Paid channels (together)"),
    "paid_average": ("moyenne des canaux payants", "paid-channel average"),
    "campaign_not_tied": ("non rattaché à une campagne", "not tied to a campaign"),
    "roi_definition_title": ("Définition du ROI d'un canal", "Channel ROI: the definition"),
    "roi_caption": ("ROI de chaque canal payant sur {period}, du canal le plus coûteux au moins "
                    "coûteux ; la dernière ligne réunit les canaux payants, la moyenne à laquelle "
                    "chacun est comparé.",
                    "ROI of each paid channel over {period}, most expensive first; the last row "
                    "takes the paid channels together, the average each one is compared with."),
    "roi_bridge": ("La colonne « source d'origine » est une autre lecture, celle du CRM : elle "
                   "crédite au canal le chiffre d'affaires de la période de **tous** les clients "
                   "qu'il a jamais apportés, achats répétés compris ; elle est donc plus élevée "
                   "et ne dit pas ce que la dépense de la période a rapporté.",
                   "The \"original source\" column is another reading, the CRM's: it credits the "
                   "channel with this period's revenue of **every** customer it ever brought, "
                   "repeat purchases included; it is therefore higher and does not say what the "
                   "period's spend brought."),
    "verdict_line": ("**{channel}** : ROI {roi} — **{verdict}** : {reason}.",
                     "**{channel}**: ROI {roi} — **{verdict}**: {reason}."),
    "verdicts_intro": ("Verdict par canal payant, du plus gros enjeu financier au plus petit :",
                       "Verdict per paid channel, largest amount at stake first:"),
    "verdict_rule": (
        "*Verdict* d'un canal payant, dans cet ordre : « trop peu de données » s'il a gagné moins "
        "de 10 nouveaux clients et créé moins de 30 leads sur la période (ou si le chiffre "
        "d'affaires de ses clients est inconnu) ; « réduire » si son ROI est négatif et que la "
        "valeur vie de ses clients ne couvre pas leur coût d'acquisition (valeur vie / CAC sous "
        "1), ou si son ROI est négatif et qu'il manque un objectif (CPL, CAC ou ROI) ou gagne "
        "nettement moins de clients par euro qu'à la période de comparaison (écart non dû au "
        "hasard : test de Poisson, p < 0,05) ; « augmenter » si son ROI est positif, que ses "
        "clients valent au moins 3 fois leur coût d'acquisition, sans objectif manqué ni baisse "
        "réelle ; « maintenir » sinon.",
        "*Verdict* of a paid channel, in this order: \"too little data\" when it won fewer than "
        "10 new customers and created fewer than 30 leads in the period (or its customers' "
        "revenue is unknown); \"reduce\" when its ROI is negative and its customers' lifetime "
        "value does not cover their acquisition cost (lifetime value / CAC below 1), or when its "
        "ROI is negative and it misses an objective (CPL, CAC or ROI) or wins clearly fewer "
        "customers per unit spent than in the comparison period (a change not due to chance: "
        "Poisson test, p < 0.05); \"increase\" when its ROI is positive and its customers are "
        "worth at least 3 times their acquisition cost, with no missed objective and no real "
        "fall; \"keep\" otherwise."),
})
MESSAGES.update({
    "att_col_report_roi": ("ROI du rapport", "Report ROI"),
    "att_roi_bridge": (
        "La première colonne est le ROI du rapport, le même dans chaque chapitre. Les autres "
        "colonnes sont des lectures alternatives : chaque modèle répartit le chiffre d'affaires "
        "des conversions de la période entre les canaux du parcours (le premier contact crédite "
        "le canal qui a fait connaître la marque, le dernier celui qui a conclu) et ne compte que "
        "les premières commandes. Elles diffèrent donc du ROI du rapport, qui crédite au canal "
        "d'acquisition tout ce que ses nouveaux clients ont acheté pendant la période.",
        "The first column is the report ROI, the same in every chapter. The other columns are "
        "alternative readings: each model splits the revenue of the period's conversions among "
        "the channels of the journey (first touch credits the channel that introduced the brand, "
        "last touch the one that closed) and counts first orders only. They therefore differ "
        "from the report ROI, which credits the acquisition channel with everything its new "
        "customers bought in the period."),
})
MESSAGES.update({
    "clv_model_bridge": (
        "Ces valeurs sont une lecture alternative. Les modèles ne comptent que la marge attendue "
        "sur les {months} prochains mois, actualisée ; la formule simple, qui donne la valeur vie "
        "/ CAC du rapport (tableau par canal plus haut), compte toute la durée de vie attendue "
        "d'un client. Une valeur / CAC plus basse ici dit qu'un canal se rembourse en plus de "
        "{months} mois, pas qu'il perd de l'argent.",
        "These values are an alternative reading. The models count only the margin expected over "
        "the next {months} months, discounted; the simple formula, which gives the report's "
        "lifetime value / CAC (the per-channel table above), counts a customer's whole expected "
        "lifetime. A lower value / CAC here says a channel pays back over more than {months} "
        "months, not that it loses money."),
})

# --- story-labels ---
# Alternative text of the charts (read aloud by screen readers, shown when an image cannot load)
# and the few words charts write themselves.
MESSAGES.update({
    "alt_chart": ("Graphique", "Chart"),
    "alt_bars": ("Barres, une par élément : {items}.", "Bars, one per item: {items}."),
    "alt_reference": ("Ligne pointillée : {label} {value}.", "Dashed line: {label} {value}."),
    "alt_clipped": ("{items} dépasse l'échelle, coupée pour garder les autres lisibles.",
                    "{items} goes beyond the scale, cut to keep the others readable."),
    "alt_grouped": ("Barres en {n} groupes ({groups}), une barre par série : {series}.",
                    "Bars in {n} groups ({groups}), one bar per series: {series}."),
    "alt_lines": ("Courbes de {series}, de {first} à {last}.",
                  "Lines of {series}, from {first} to {last}."),
    "alt_small_multiples": ("Un petit graphique par série ({series}), de {first} à {last}, sur la "
                            "même échelle.",
                            "One small chart per series ({series}), from {first} to {last}, on "
                            "the same scale."),
    "alt_highlight": ("La période du rapport est surlignée.",
                      "The period of the report is highlighted."),
    "alt_funnel": ("Entonnoir, de haut en bas : {items}.", "Funnel, top to bottom: {items}."),
    "alt_heatmap": ("Tableau coloré de {rows} lignes ({first_row} à {last_row}) et {cols} colonnes "
                    "({first_col} à {last_col}) ; valeur la plus forte : {max} ({max_row}, "
                    "{max_col}).",
                    "Colour table of {rows} rows ({first_row} to {last_row}) and {cols} columns "
                    "({first_col} to {last_col}); highest value: {max} ({max_row}, {max_col})."),
    "alt_histogram": ("Histogramme de {n} valeurs, de {lo} à {hi}, médiane {median}.",
                      "Histogram of {n} values, from {lo} to {hi}, median {median}."),
    "alt_empty": ("Aucune valeur à montrer.", "No value to show."),
    "chart_zero_axis": ("axe à partir de zéro", "axis from zero"),
    "chart_axis_cut": ("axe coupé", "axis cut"),
    # column headers of `roianalysis kpis`
    "kpis_col_cost": ("Coût", "Cost"),
    "kpis_col_new_customers": ("Nouv. clients", "New customers"),
    "kpis_col_revenue": ("CA", "Revenue"),
})
