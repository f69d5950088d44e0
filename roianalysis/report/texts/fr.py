"""Every word the reports show, in French (``fr``).

Same keys and the same ``{placeholders}`` as every other language file (a test checks it);
see :mod:`roianalysis.report.texts`.
"""

TEXTS: dict[str, str] = {
    # ---- Common words, and the chapters 02 to 05 (acquisition, retention, lifetime value, attribution)
    "subtitle": "{client} · {period} ({dates}) · comparé à {comparison}",
    "comparison_previous": "la période précédente",
    "comparison_year_ago": "la même période un an plus tôt",
    "col_period": "{period}",
    "col_change": "Évolution",
    "col_metric": "Indicateur",
    "col_channel": "Canal",
    "col_campaign": "Campagne",
    "col_segment": "Segment",
    "col_owner": "Commercial",
    "col_month": "Mois",
    "col_model": "Modèle",
    "col_share_leads": "Part des leads",
    "col_share_cost": "Part du budget",
    "warnings_title": "Remarques sur les données",
    "warnings_intro": (
        "Les données reçues présentent {n} point(s) à vérifier ; l'analyse a pu se poursuivre :"
    ),
    "method_title": "Méthode",
    "average": "moyenne",
    "unknown_channel": "(inconnu)",
    "all_channels": "(tous canaux)",
    "no_campaign": "(aucune)",
    "no_segment": "(sans segment)",
    "above": "au-dessus de",
    "below": "en dessous de",
    "in_line": "au niveau de",
    "and": "et",
    "no_spend": (
        "Aucune dépense marketing n'a été fournie : les coûts, le coût par lead, le coût "
        "d'acquisition client et le ROI ne peuvent pas être calculés."
    ),
    "no_leads": (
        "Aucun lead (contact entrant, demande de devis, inscription) n'a été fourni : le coût "
        "par lead et les taux de conversion en leads ne sont pas calculés dans ce rapport."
    ),
    "no_orders": (
        "Aucune commande n'a été fournie (ou aucune n'a encore été passée) : le chiffre "
        "d'affaires, les clients et le ROI ne sont pas disponibles pour l'instant."
    ),
    "no_touchpoints": (
        "Aucune donnée de visite (visites du site, clics vers le site) n'a été fournie : les "
        "visiteurs et les parcours ne sont pas disponibles."
    ),
    "visits_aggregated": (
        "Les visites viennent des rapports de l'outil de mesure d'audience, jour par jour et par "
        "canal, sans le détail par personne : les visiteurs sont la somme des utilisateurs de "
        "chaque jour (une personne venue plusieurs jours compte plusieurs fois) et les parcours "
        "individuels ne sont pas disponibles."
    ),
    "no_acquisition_channel": (
        "Ni les leads ni les visites ne disent par quel canal les clients sont arrivés : le "
        "chiffre d'affaires, le ROI et les résultats clients ne peuvent pas être répartis par "
        "canal ; seuls les totaux sont présentés."
    ),
    "no_nps": (
        "Aucune réponse à l'enquête de recommandation (NPS) n'a été fournie pour ce client : la "
        "satisfaction n'est pas mesurée dans ce rapport."
    ),
    "nothing_in_period": (
        "Rien à montrer pour {period} : aucune donnée ne tombe dans cette période."
    ),
    "acq_title": "Coût d'acquisition par canal",
    "acq_intro": (
        "Ce rapport met en regard, canal par canal, ce que l'acquisition a coûté (dépenses "
        "marketing, outils, agence) et ce qu'elle a rapporté : visiteurs, leads, nouveaux "
        "clients et chiffre d'affaires. Les ratios comptent plus que les volumes : combien coûte "
        "un lead, combien coûte un client, combien de visiteurs faut-il pour en gagner un."
    ),
    "acq_summary_title": "Chiffres clés",
    "acq_summary_caption": (
        "Indicateurs de la période, tous canaux confondus, comparés à {comparison}."
    ),
    "acq_summary_sentence": (
        "Sur {period}, {cost} de dépenses marketing ont apporté **{leads} leads** (coût par lead "
        "{cpl}) et **{customers} nouveaux clients** (coût d'acquisition client {cac}) ; le "
        "chiffre d'affaires de la période est de {revenue} et le ROI des canaux payants de {roi}."
    ),
    "acq_summary_leads_only": (
        "Sur {period}, {cost} de dépenses marketing ont apporté **{leads} leads** (coût par lead "
        "{cpl})."
    ),
    "acq_summary_customers_only": (
        "Sur {period}, {cost} de dépenses marketing ont apporté **{customers} nouveaux clients** "
        "(coût d'acquisition client {cac}) ; le chiffre d'affaires de la période est de "
        "{revenue} et le ROI des canaux payants de {roi}."
    ),
    "acq_summary_visitors": (
        "Le site a reçu {visitors} visiteurs ({sessions} visites) ; un visiteur a coûté {cpv}."
    ),
    "search_title": "Référencement naturel : les recherches qui amènent des visites",
    "search_caption_query": (
        "Les {n} recherches Google ayant apporté le plus de clics vers le site sur {period}, "
        "comparées à {comparison}."
    ),
    "search_caption_page": (
        "Les {n} pages du site ayant reçu le plus de clics depuis les résultats de recherche "
        "Google sur {period}, comparées à {comparison}."
    ),
    "search_caption_undated": (
        "Les {n} recherches (ou pages) ayant apporté le plus de clics sur toute la période "
        "couverte par le rapport de recherche reçu."
    ),
    "search_col_query": "Recherche",
    "search_col_page": "Page",
    "search_top_query": (
        "La recherche « {name} » arrive en tête avec {clicks} clics, à la position moyenne "
        "{position}."
    ),
    "search_top_page": (
        "La page {name} arrive en tête avec {clicks} clics, à la position moyenne {position}."
    ),
    "search_change": (
        "Ensemble, ces {n} lignes ont reçu {clicks} clics, {change} par rapport à {comparison}."
    ),
    "search_undated": (
        "Le rapport reçu couvre sa propre période sans détail jour par jour : il n'est pas "
        "comparé à une période précédente."
    ),
    "search_read": (
        "Lecture : la position moyenne est celle du site dans les résultats (1 = premier "
        "résultat), pondérée par le nombre d'affichages ; une position qui baisse est une "
        "amélioration. Le taux de clic rapporte les clics aux affichages."
    ),
    "search_none": "Aucune recherche n'a amené de clic sur la période.",
    "acq_change_sentence": (
        "Par rapport à {comparison} ({cmp_period}), les leads évoluent de {leads} et le coût par "
        "lead de {cpl}."
    ),
    "acq_read_summary": (
        "Lecture : la colonne « Évolution » donne la variation relative pour les volumes et les "
        "montants, et l'écart en points pour les taux. Un coût qui baisse est une bonne nouvelle "
        "; un taux qui baisse, non."
    ),
    "funnel_title": "L'entonnoir : du visiteur au client",
    "funnel_chart_title": "Entonnoir d'acquisition, {period}",
    "stage_visitors": "Visiteurs",
    "stage_leads": "Leads",
    "stage_customers": "Nouveaux clients",
    "funnel_note_v2l": "{rate} des visiteurs deviennent leads",
    "funnel_note_l2c": "{rate} des leads achètent sous {days} jours",
    "funnel_sentence": (
        "L'entonnoir montre combien de contacts passent chaque étape. Sur {visitors} visiteurs, "
        "{leads} sont devenus leads ({v2l}) ; {l2c} des leads de la période ont passé une "
        "première commande dans les {days} jours. Il a fallu **{vpc} visiteurs pour gagner un "
        "nouveau client**."
    ),
    "funnel_direct_buyers": (
        "Les nouveaux clients sont plus nombreux que les leads : une partie des clients achète "
        "sans passer par l'étape lead (achat direct en ligne)."
    ),
    "channels_title": "Coûts et résultats par canal",
    "channels_caption": (
        "Dépenses, volumes, coûts unitaires et taux de conversion par canal d'acquisition sur "
        "{period}."
    ),
    "channels_return_caption": (
        "Conversion par canal d'acquisition sur {period} (le retour sur investissement est plus "
        "bas, dans sa propre section)."
    ),
    "channels_top_leads": (
        "**{channel}** a apporté {share} des leads avec un coût par lead de {cpl}, {diff} "
        "{direction} la moyenne ({avg})."
    ),
    "channels_top_leads_free": (
        "**{channel}** a apporté {share} des leads, sans dépense directe sur la période."
    ),
    "channels_cheapest_cac": (
        "Parmi les canaux payants, **{channel}** recrute ses clients au coût le plus bas ({cac} "
        "par nouveau client) ; **{worst}** au plus élevé ({worst_cac})."
    ),
    "channels_free": (
        "Les canaux sans dépense ({channels}) ont un coût nul : leur coût par lead n'a pas de "
        "sens seul, mais leur volume compte dans l'entonnoir."
    ),
    "unit_costs_title": "Coût par lead et par client",
    "cpl_chart_title": "Coût par lead par canal, {period}",
    "cac_chart_title": "Coût d'acquisition client par canal, {period}",
    "unit_costs_sentence": (
        "Chaque barre donne le coût d'un lead (puis d'un nouveau client) pour un canal payant ; "
        "la ligne pointillée est la moyenne des canaux payants. Une barre courte est un canal "
        "efficace ; une barre très au-delà de la ligne mérite d'être revue."
    ),
    "unit_costs_none": (
        "Aucun canal n'a à la fois des dépenses et des leads sur la période : pas de coût "
        "unitaire à comparer."
    ),
    "roi_title": "Retour sur investissement par canal",
    "roi_chart_title": "ROI par canal, {period}",
    "roi_sentence": (
        "Le ROI rapporte le chiffre d'affaires des clients acquis par un canal (sa « source "
        "d'origine » dans le CRM) à ce que le canal a coûté : ROI = (CA − coût) / coût. Un ROI "
        "négatif signifie que le canal n'a pas encore remboursé sa dépense. Le rapport "
        "d'attribution compare d'autres façons de répartir le chiffre d'affaires."
    ),
    "roi_best": (
        "**{channel}** a le meilleur ROI ({roi}, soit {roas} de chiffre d'affaires pour {one} "
        "dépensé)."
    ),
    "roi_negative": "ROI négatif sur la période : {channels}.",
    "roi_none": "Le ROI par canal demande des dépenses et des commandes : il n'est pas disponible.",
    "campaigns_title": "Par campagne",
    "campaigns_caption": "Les {n} campagnes ayant le plus dépensé sur {period}.",
    "campaigns_sentence": (
        "Dans un même canal, les campagnes ne se valent pas : **{campaign}** ({channel}) a le "
        "coût par lead le plus bas parmi les campagnes payantes ({cpl})."
    ),
    "campaigns_none": "Les dépenses ne sont pas détaillées par campagne.",
    "segments_title": "Par segment de leads",
    "segments_caption": (
        "Leads, conversion et chiffre d'affaires par segment de leads sur {period} (les dépenses "
        "ne sont pas ventilées par segment)."
    ),
    "segments_sentence": (
        "Le segment **{segment}** convertit le mieux : {rate} de ses leads sont devenus clients."
    ),
    "segments_none": "Les leads de ce client ne portent pas de segment.",
    "owners_title": "Traitement des leads par commercial",
    "owners_caption": (
        "Leads attribués, taux de transformation et cycle de vente médian par commercial sur "
        "{period}."
    ),
    "owners_sentence": (
        "**{owner}** transforme le plus de leads ({rate}) ; le cycle de vente médian va de "
        "{fastest} à {slowest} selon les commerciaux."
    ),
    "trends_title": "Tendances mensuelles",
    "trend_cost_title": "Dépenses marketing par canal et par mois",
    "trend_leads_title": "Leads par canal et par mois",
    "trend_cpl_title": "Coût par lead, tous canaux, par mois",
    "trends_sentence": (
        "Les courbes couvrent les 12 mois qui se terminent avec la période. Le coût par lead est "
        "passé de {first} en {first_month} à {last} en {last_month} ({change}). Une hausse des "
        "dépenses sans hausse des leads se lit comme un coût par lead qui monte."
    ),
    "trends_sentence_short": "Les courbes couvrent les 12 mois qui se terminent avec la période.",
    "acq_method": (
        "*Coût marketing* : toutes les dépenses sauf la catégorie `sales` ; *coût d'acquisition* "
        "(CAC) : toutes les dépenses, outils et agence compris. CPL = coût marketing / leads ; "
        "CAC = coût d'acquisition / nouveaux clients ; taux lead → client = part des leads de la "
        "période ayant commandé dans les {days} jours. Le canal d'un lead est sa source "
        "d'origine, à défaut son premier point de contact."
    ),
    "att_title": "Attribution des ventes par canal",
    "att_intro": (
        "Un client croise souvent plusieurs canaux avant de {goal} : une annonce, un e-mail, une "
        "recherche... Qui mérite le crédit ? Chaque modèle d'attribution répond différemment. Ce "
        "rapport les met côte à côte pour distinguer les canaux qui ouvrent les parcours de ceux "
        "qui les concluent, et ce que cela change au ROI."
    ),
    "goal_order": "commander",
    "goal_lead": "devenir lead",
    "conversion_order": "première commande",
    "conversion_lead": "création du lead",
    "att_journeys_title": "Les parcours",
    "att_journeys_sentence": (
        "Sur {period}, {journeys} parcours ont été reconstitués, dont **{conversions} "
        "aboutissent à une conversion** ({conversion} ; taux de conversion {rate}). Un parcours "
        "convertissant compte en moyenne {touches} points de contact sur les {lookback} jours "
        "précédant la conversion ; {multi} des conversions ont impliqué plus d'un canal."
    ),
    "att_paths_caption": (
        "Les {n} parcours convertissants les plus fréquents (suite des canaux touchés, du "
        "premier au dernier)."
    ),
    "col_path": "Parcours",
    "col_conversions": "Conversions",
    "col_nulls": "Sans conversion",
    "col_conversion_rate": "Taux de conversion",
    "col_value": "Chiffre d'affaires",
    "att_no_journeys": (
        "Aucun parcours n'a pu être reconstitué sur la période : l'attribution demande, pour "
        "chaque client, les visites qui ont précédé son achat (ou sa demande de contact), et il "
        "n'y en a pas ici."
    ),
    "att_heuristics_title": "Modèles à règles fixes",
    "att_heuristics_caption": (
        "Conversions attribuées à chaque canal selon chaque modèle à règles fixes, sur {period}."
    ),
    "att_heuristics_chart": "Conversions attribuées par canal et par modèle",
    "att_heuristics_sentence": (
        "*Premier contact* donne tout le crédit au canal qui a ouvert le parcours, *dernier "
        "contact* à celui qui l'a conclu ; *linéaire*, *décroissance temporelle* et *en U* "
        "(40/20/40) le partagent. **{opener}** gagne le plus à être jugé au premier contact : "
        "c'est un canal qui fait découvrir. **{closer}** gagne le plus au dernier contact : "
        "c'est un canal qui conclut."
    ),
    "att_models_title": "Modèles fondés sur les données",
    "att_models_chart": "Part des conversions attribuée par modèle",
    "att_models_sentence": (
        "Les deux modèles fondés sur les données mesurent ce que chaque canal apporte en "
        "comparant les parcours avec et sans lui. La barre de chaque modèle donne la part des "
        "conversions attribuée à chaque canal. Les modèles divergent le plus sur **{channel}** : "
        "de {low} ({low_model}) à {high} ({high_model}) des conversions. Quand les modèles "
        "s'accordent sur un canal, son rôle est établi ; quand ils divergent, la décision "
        "budgétaire dépend de la question posée (découvrir ou conclure)."
    ),
    "att_removal_chart": "Conversions perdues si l'on retirait le canal des parcours",
    "att_removal_sentence": (
        "Ce graphique estime la part des conversions qui disparaîtraient si un canal était "
        "retiré des parcours. Sans **{channel}**, {effect} des conversions seraient perdues."
    ),
    "att_transitions_title": "Comment les canaux s'enchaînent",
    "att_transitions_chart": "Probabilité de passer d'un canal (ligne) au suivant (colonne)",
    "att_transitions_sentence": (
        "Chaque ligne donne, pour un contact qui vient de toucher un canal, la probabilité de "
        "l'étape suivante : un autre canal, la conversion ou l'abandon. La plus forte "
        "probabilité de conversion suit **{channel}** ({rate}) ; les parcours commencent le plus "
        "souvent par **{start}** ({start_rate})."
    ),
    "state_start": "(début)",
    "state_conversion": "(conversion)",
    "state_null": "(abandon)",
    "att_roi_title": "ROI par canal selon le modèle",
    "att_roi_caption": (
        "ROI de chaque canal payant selon le modèle qui lui attribue le chiffre d'affaires, sur "
        "{period}."
    ),
    "att_cpa_caption": (
        "Coût par conversion attribuée de chaque canal payant selon le modèle, sur {period}."
    ),
    "att_roi_chart": "ROI par canal et par modèle",
    "att_cpa_chart": "Coût par conversion attribuée, par canal et par modèle",
    "att_roi_robust": "Quel que soit le modèle, **{channels}** rapporte plus qu'il ne coûte.",
    "att_roi_depends": (
        "Le verdict sur **{channel}** dépend du modèle : son ROI va de {low} ({low_model}) à "
        "{high} ({high_model})."
    ),
    "att_cpa_sentence": (
        "Les conversions de ce client sont des leads, sans chiffre d'affaires : le tableau donne "
        "donc le coût par lead attribué. **{channel}** a le coût le plus stable d'un modèle à "
        "l'autre."
    ),
    "att_roi_none": "Aucune dépense sur la période : le ROI par modèle n'est pas disponible.",
    "att_method": (
        "Conversion : {conversion} ; fenêtre d'observation : {lookback} jours avant la "
        "conversion. Les parcours sans conversion comptent pour les modèles fondés sur les "
        "données : « enchaînement des canaux » (modèle de Markov) et « contribution partagée » "
        "(valeur de Shapley). Chaque modèle répartit exactement le total des conversions et du "
        "chiffre d'affaires. Markov : effet de retrait calculé exactement (chaîne d'ordre 1, "
        "sans simulation) ; Shapley : valeur de Shapley du jeu des coalitions de canaux."
    ),
    "model_first_touch": "Premier contact",
    "model_last_touch": "Dernier contact",
    "model_last_non_direct": "Dernier contact non direct",
    "model_linear": "Linéaire",
    "model_time_decay": "Décroissance temporelle",
    "model_position_based": "En U (40/20/40)",
    "model_markov": "Enchaînement des canaux",
    "model_shapley": "Contribution partagée",
    "ret_title": "Rétention des clients par cohorte",
    "ret_intro": (
        "Gagner un client coûte cher ; le garder rapporte. Ce rapport suit les clients après "
        "leur première commande : combien reviennent, au bout de combien de temps, et selon le "
        "canal qui les a amenés."
    ),
    "ret_summary_title": "Rétention de la période",
    "ret_summary_sentence": (
        "Sur les {previous} clients qui avaient commandé en {cmp_period}, **{retained} ont "
        "commandé de nouveau en {period}**, soit un taux de rétention de {rate} (attrition "
        "{churn}). Sur un an, la rétention est de {yearly}."
    ),
    "ret_summary_caption": "Rétention, attrition et fréquence d'achat, comparées à {comparison}.",
    "ret_read_summary": (
        "Le taux de rétention d'une période est la part des clients de la période précédente qui "
        "ont commandé de nouveau ; l'attrition en est le complément."
    ),
    "ret_cohorts_title": "Cohortes mensuelles",
    "ret_heatmap_title": (
        "Part des clients de chaque cohorte qui commandent k mois après leur premier achat"
    ),
    "ret_heatmap_x": "Mois depuis la première commande",
    "ret_heatmap_y": "Cohorte (mois du premier achat)",
    "ret_heatmap_sentence": (
        "Chaque ligne regroupe les clients dont la première commande tombe dans le même mois ; "
        "chaque colonne donne la part d'entre eux qui commande de nouveau k mois plus tard. En "
        "moyenne, **{m1} des nouveaux clients repassent commande le mois suivant** et {m6} "
        "commandent encore six mois après. Une ligne plus foncée que les autres signale une "
        "cohorte mieux fidélisée."
    ),
    "ret_heatmap_short": (
        "Chaque ligne regroupe les clients dont la première commande tombe dans le même mois ; "
        "chaque colonne donne la part d'entre eux qui commande de nouveau k mois plus tard."
    ),
    "ret_channels_title": "Rétention selon le canal d'acquisition",
    "ret_curves_title": (
        "Part des clients qui commandent k mois après leur premier achat, par canal d'acquisition"
    ),
    "ret_curves_sentence": (
        "Chaque courbe suit, mois après mois, la part des clients d'un canal qui commandent "
        "encore. Trois mois après leur premier achat, les clients venus par **{best}** sont les "
        "plus fidèles ({best_rate}), ceux venus par **{worst}** les moins ({worst_rate}). Un "
        "canal bon marché qui amène des clients peu fidèles peut coûter plus cher qu'il n'y "
        "paraît."
    ),
    "ret_churn_caption": (
        "Rétention et attrition de la période par canal d'acquisition, avec la fréquence d'achat "
        "et le panier moyen."
    ),
    "ret_churn_sentence": "**{channel}** a l'attrition la plus forte sur la période ({churn}).",
    "ret_revenue_title": "Chiffre d'affaires cumulé par client",
    "ret_revenue_chart": "Chiffre d'affaires cumulé par client k mois après le premier achat",
    "ret_revenue_sentence": (
        "En moyenne, un nouveau client a dépensé {m0} le mois de son premier achat et {m12} au "
        "bout de {k} mois : c'est la valeur qu'un coût d'acquisition doit rembourser."
    ),
    "ret_projection_title": "Projection des courbes de rétention",
    "ret_projection_chart": "Part d'une cohorte encore active : observée et projetée",
    "ret_observed": "Observée",
    "ret_projected": "Projetée",
    "ret_projection_sentence": (
        "Le modèle géométrique à bêta décalée (Fader & Hardie, 2007) prolonge les courbes "
        "observées : il projette que {p12} d'une cohorte sera encore active après 12 mois et "
        "{p24} après 24 mois. Ce modèle suppose qu'un client qui part ne revient pas : il "
        "convient aux abonnements ; pour des achats libres, lisez-le comme un ordre de grandeur."
    ),
    "ret_projection_none": "Trop peu de cohortes observées pour projeter la rétention.",
    "ret_no_cohorts": "Aucune commande avant la fin de la période : pas de cohorte à suivre.",
    "ret_method": (
        "Cohorte : mois de la première commande d'un client. Une cellule (c, k) est la part des "
        "clients de la cohorte c qui ont commandé au cours du mois c + k. Seules les commandes "
        "passées avant la fin de {period} sont prises en compte. Le canal d'acquisition est la "
        "source d'origine du lead, à défaut le premier point de contact avant la première "
        "commande."
    ),
    "clv_title": "Valeur vie client",
    "clv_intro": (
        "Combien vaut un client sur toute la durée de la relation, en marge, et combien a-t-il "
        "coûté à acquérir ? Tant que la valeur vie dépasse nettement le coût d'acquisition, le "
        "canal est un investissement rentable."
    ),
    "clv_simple_title": "La valeur vie en une formule",
    "clv_simple_caption": (
        "Données des 12 mois se terminant avec {period} et valeur vie qui en découle."
    ),
    "clv_simple_sentence": (
        "Un client dépense en moyenne {basket} par commande, commande {freq} fois par an, avec "
        "un taux de marge de {margin}, et {retention} des clients d'une année rachètent l'année "
        "suivante. Il vaut donc **{clv} de marge sur sa durée de vie** ({disc} en valeur "
        "actualisée à {rate} par an)."
    ),
    "clv_vs_cac_sentence": (
        "Avec un coût d'acquisition client de {cac} sur {period}, le ratio valeur vie / coût "
        "d'acquisition est de **{ratio}** (on vise habituellement 3 ou plus) et le coût "
        "d'acquisition est remboursé en {payback} de marge."
    ),
    "input_average_basket": "Panier moyen",
    "input_frequency": "Commandes par client et par an",
    "input_margin_rate": "Taux de marge brute",
    "input_retention": "Rétention annuelle",
    "input_lifetime": "Durée de vie attendue",
    "input_years": "{n} ans",
    "col_value_short": "Valeur",
    "clv_channels_title": "Valeur vie et coût d'acquisition par canal",
    "clv_channels_caption": (
        "Valeur vie (formule simple) des clients de chaque canal d'acquisition face au coût "
        "d'acquisition client du canal sur {period}."
    ),
    "clv_channels_chart": "Valeur vie et coût d'acquisition client par canal",
    "clv_channels_sentence": (
        "Chaque paire de barres compare ce qu'un client rapporte en marge sur sa durée de vie à "
        "ce qu'il a coûté. **{best}** offre le meilleur ratio ({best_ratio})."
    ),
    "clv_channels_weak": (
        "Sous le seuil de 1 (le client coûte plus qu'il ne rapporte) : {channels}."
    ),
    "clv_channels_ok": (
        "Selon la formule simple (toute la durée de vie attendue), les clients de chaque canal "
        "payant valent plus que ce qu'ils ont coûté."
    ),
    "clv_models_title": "Modèles probabilistes : qui est encore client ?",
    "clv_models_intro": (
        "Deux modèles statistiques (l'un pour les achats, l'autre pour leur montant) estiment, "
        "client par client, la probabilité d'être encore actif et les achats à venir, à partir "
        "de trois informations : nombre d'achats, date du dernier achat, ancienneté."
    ),
    "clv_calibration_chart": "Achats par client sur les {days} derniers jours : réels et prédits",
    "clv_calibration_x": "Achats répétés avant la période de contrôle",
    "clv_actual": "Réels",
    "clv_predicted": "Prédits par le modèle",
    "clv_model_bgnbd": "BG/NBD (Fader, Hardie & Lee, 2005)",
    "clv_model_pareto_nbd": "Pareto/NBD (Schmittlein, Morrison & Colombo, 1987)",
    "clv_model_geometric_nbd": (
        "BG/NBD à probabilité d'abandon commune à tous les clients (les données ne montrent pas "
        "de différence entre clients sur ce point ; limite du BG/NBD de Fader, Hardie & Lee, "
        "2005)"
    ),
    "clv_model_nbd": (
        "NBD sans abandon (les données ne montrent aucun départ de client ; Ehrenberg, 1959)"
    ),
    "clv_calibration_sentence": (
        "Pour vérifier le modèle, il est ajusté sur les commandes antérieures aux {days} "
        "derniers jours, puis comparé à ce qui s'est réellement passé ensuite. Sur l'ensemble "
        "des clients, il prédit {predicted} achats par client contre {actual} observés ({gap}). "
        "Des barres proches d'un groupe à l'autre signifient que les prévisions ci-dessous sont "
        "fiables."
    ),
    "clv_alive_chart": "Probabilité d'être encore client",
    "clv_alive_y": "Clients",
    "clv_alive_sentence": (
        "Chaque barre compte les clients selon leur probabilité d'être encore actifs à la fin de "
        "{period}. **{share} des clients sont probablement encore actifs** (probabilité "
        "supérieure à 50 %). Les clients à probabilité moyenne sont la cible naturelle d'une "
        "relance."
    ),
    "clv_top_title": "Les clients les plus précieux",
    "clv_top_caption": (
        "Les {n} clients à la plus forte valeur attendue sur les {months} prochains mois (marge "
        "actualisée)."
    ),
    "col_customer": "Client",
    "col_orders": "Commandes",
    "col_days_since": "Jours depuis la dernière",
    "col_p_alive": "Probabilité d'être actif",
    "col_expected": "Achats attendus",
    "col_clv_model": "Valeur attendue",
    "clv_top_sentence": (
        "Ces {n} clients représentent {share} de la valeur attendue de toute la clientèle : les "
        "connaître et les soigner compte."
    ),
    "clv_model_channels_caption": (
        "Valeur attendue sur {months} mois par client (modèles) selon le canal d'acquisition, "
        "face au coût d'acquisition sur {period}."
    ),
    "col_clv_cac": "Valeur / CAC (modèles)",
    "col_payback": "Remboursement du CAC",
    "col_customers": "Clients",
    "clv_model_channels_sentence": (
        "Sur {months} mois, la valeur attendue d'un client va de {low} (**{low_channel}**) à "
        "{high} (**{high_channel}**) selon le canal qui l'a amené."
    ),
    "clv_models_failed": (
        "Les modèles probabilistes n'ont pas pu être ajustés sur ces données ({reason}) : seule "
        "la formule simple est présentée."
    ),
    "clv_too_few": "trop peu de clients ayant acheté plusieurs fois",
    "clv_method": (
        "Formule simple : valeur vie = panier moyen × commandes par an × taux de marge × 1 / (1 "
        "− rétention annuelle) ; actualisée : marge annuelle × (1 + d) / (1 + d − r), d = "
        "{rate}. Modèles : {model} pour les achats et Gamma-Gamma pour leur montant, ajustés par "
        "maximum de vraisemblance sur les commandes jusqu'à la fin de {period} ; valeur attendue "
        "= marge des achats attendus mois par mois sur {months} mois, actualisée."
    ),
    "ret_nps_title": "Satisfaction (NPS)",
    "ret_nps_caption": (
        "Net Promoter Score des réponses reçues sur {period}, par canal d'acquisition du "
        "répondant."
    ),
    "ret_nps_sentence": (
        "Le NPS de la période est de **{nps}** sur {answers} réponses ({change} par rapport à "
        "{comparison}) : part des promoteurs (9-10) moins part des détracteurs (0-6). Un client "
        "satisfait rachète et recommande : c'est un indicateur avancé de la rétention."
    ),
    "ret_nps_channels": (
        "Les clients venus par **{best}** sont les plus satisfaits (NPS {best_nps}), ceux venus "
        "par **{worst}** les moins (NPS {worst_nps})."
    ),
    "att_cpa_title": "Coût par conversion selon le modèle",
    "clv_missing": (
        "La valeur vie demande la rétention annuelle, donc au moins deux années de commandes : "
        "elle n'est pas encore calculable pour {period}."
    ),
    "clv_no_convergence": "l'estimation n'a pas convergé, signe de données trop peu variées",
    "segments_matrix_title": "Taux lead → client par canal et par segment",
    "segments_matrix_sentence": (
        "Quel canal fonctionne avec quelle cible ? Chaque case donne la part des leads d'un "
        "canal et d'un segment devenus clients (cases vides : moins de {min} leads). La "
        "meilleure combinaison est **{channel}** × **{segment}** ({rate})."
    ),
    "verdict_increase": "Augmenter",
    "verdict_keep": "Maintenir",
    "verdict_reduce": "Réduire",
    "verdict_too_little_data": "Trop peu de données",
    "verdict_reason_unknown_revenue": "le chiffre d'affaires de ses clients n'est pas connu",
    "verdict_reason_small_sample": (
        "moins de 10 nouveaux clients et de 30 leads sur la période : trop peu pour juger"
    ),
    "verdict_reason_loses": (
        "il coûte plus qu'il ne rapporte sur la période, et la valeur vie de ses clients ne "
        "couvre pas leur coût d'acquisition"
    ),
    "verdict_reason_loss_off_target": (
        "il coûte plus qu'il ne rapporte sur la période et manque son objectif"
    ),
    "verdict_reason_loss_worse": (
        "il coûte plus qu'il ne rapporte sur la période et gagne nettement moins de clients par "
        "euro dépensé qu'avant"
    ),
    "verdict_reason_increase": (
        "il rapporte plus qu'il ne coûte et ses clients valent au moins trois fois leur coût "
        "d'acquisition"
    ),
    "verdict_reason_lifetime": (
        "il ne se rembourse pas encore sur la période, mais la valeur vie de ses clients couvre "
        "leur coût"
    ),
    "verdict_reason_off_target": "il rapporte plus qu'il ne coûte mais manque son objectif",
    "verdict_reason_worse": (
        "il rapporte plus qu'il ne coûte mais gagne nettement moins de clients par euro dépensé "
        "qu'avant"
    ),
    "verdict_reason_thin": (
        "il rapporte plus qu'il ne coûte, mais ses clients valent moins de trois fois leur coût "
        "d'acquisition"
    ),
    "roi_col_revenue": "CA des nouveaux clients",
    "col_verdict": "Verdict",
    "roi_col_original": "ROI « source d'origine »",
    "paid_channels_total": "Canaux payants (ensemble)",
    "paid_average": "moyenne des canaux payants",
    "campaign_not_tied": "non rattaché à une campagne",
    "roi_definition_title": "Définition du ROI d'un canal",
    "roi_caption": (
        "ROI de chaque canal payant sur {period}, du canal le plus coûteux au moins coûteux ; la "
        "dernière ligne réunit les canaux payants, la moyenne à laquelle chacun est comparé."
    ),
    "roi_bridge": (
        "La colonne « source d'origine » est une autre lecture, celle du CRM : elle crédite au "
        "canal le chiffre d'affaires de la période de **tous** les clients qu'il a jamais "
        "apportés, achats répétés compris ; elle est donc plus élevée et ne dit pas ce que la "
        "dépense de la période a rapporté."
    ),
    "verdict_line": "**{channel}** : ROI {roi} — **{verdict}** : {reason}.",
    "verdicts_intro": "Verdict par canal payant, du plus gros enjeu financier au plus petit :",
    "verdict_rule": (
        "*Verdict* d'un canal payant, dans cet ordre : « trop peu de données » s'il a gagné "
        "moins de 10 nouveaux clients et créé moins de 30 leads sur la période (ou si le chiffre "
        "d'affaires de ses clients est inconnu) ; « réduire » si son ROI est négatif et que la "
        "valeur vie de ses clients ne couvre pas leur coût d'acquisition (valeur vie / CAC sous "
        "1), ou si son ROI est négatif et qu'il manque un objectif (CPL, CAC ou ROI) ou gagne "
        "nettement moins de clients par euro qu'à la période de comparaison (écart non dû au "
        "hasard : test de Poisson, p < 0,05) ; « augmenter » si son ROI est positif, que ses "
        "clients valent au moins 3 fois leur coût d'acquisition, sans objectif manqué ni baisse "
        "réelle ; « maintenir » sinon."
    ),
    "att_col_report_roi": "ROI du rapport",
    "att_roi_bridge": (
        "La première colonne est le ROI du rapport, le même dans chaque chapitre. Les autres "
        "colonnes sont des lectures alternatives : chaque modèle répartit le chiffre d'affaires "
        "des conversions de la période entre les canaux du parcours (le premier contact crédite "
        "le canal qui a fait connaître la marque, le dernier celui qui a conclu) et ne compte "
        "que les premières commandes. Elles diffèrent donc du ROI du rapport, qui crédite au "
        "canal d'acquisition tout ce que ses nouveaux clients ont acheté pendant la période."
    ),
    "clv_model_bridge": (
        "Ces valeurs sont une lecture alternative. Les modèles ne comptent que la marge attendue "
        "sur les {months} prochains mois, actualisée ; la formule simple, qui donne la valeur "
        "vie / CAC du rapport (tableau par canal plus haut), compte toute la durée de vie "
        "attendue d'un client. Une valeur / CAC plus basse ici dit qu'un canal se rembourse en "
        "plus de {months} mois, pas qu'il perd de l'argent."
    ),
    "alt_bars": "Barres, une par élément : {items}.",
    "alt_reference": "Ligne pointillée : {label} {value}.",
    "alt_clipped": "{items} dépasse l'échelle, coupée pour garder les autres lisibles.",
    "alt_grouped": "Barres en {n} groupes ({groups}), une barre par série : {series}.",
    "alt_lines": "Courbes de {series}, de {first} à {last}.",
    "alt_small_multiples": (
        "Un petit graphique par série ({series}), de {first} à {last}, sur la même échelle."
    ),
    "alt_highlight": "La période du rapport est surlignée.",
    "alt_funnel": "Entonnoir, de haut en bas : {items}.",
    "alt_heatmap": (
        "Tableau coloré de {rows} lignes ({first_row} à {last_row}) et {cols} colonnes "
        "({first_col} à {last_col}) ; valeur la plus forte : {max} ({max_row}, {max_col})."
    ),
    "alt_histogram": "Histogramme de {n} valeurs, de {lo} à {hi}, médiane {median}.",
    "alt_empty": "Aucune valeur à montrer.",
    "chart_zero_axis": "axe à partir de zéro",
    "chart_axis_cut": "axe coupé",
    "kpis_col_cost": "Coût",
    "kpis_col_new_customers": "Nouv. clients",
    "kpis_col_revenue": "CA",
    # ---- 01 overview: the objectives scorecard
    "title": "Tableau de bord des objectifs",
    "intro": (
        "Chaque indicateur est comparé à son objectif, à {comparison} et à la même période un an "
        "plus tôt. Les statuts tiennent compte du sens de l'indicateur : un coût par lead plus "
        "bas est meilleur, un taux de conversion plus haut est meilleur."
    ),
    "running": (
        "La période est en cours : les données s'arrêtent au {as_of} ({elapsed} jours sur "
        "{total}). Les valeurs sont à date, comparées aux {elapsed} premiers jours des périodes "
        "de référence ; les statuts des volumes et des coûts unitaires sont jugés sur la "
        "projection de fin de période."
    ),
    "headline": (
        "{on} indicateur(s) en bonne voie, {risk} à surveiller et {off} hors objectif, sur {n} "
        "assorti(s) d'un objectif."
    ),
    "headline_none": (
        "Aucun objectif n'est fixé pour cette période : le tableau compare les indicateurs aux "
        "périodes de référence. Des objectifs par indicateur (et, si besoin, par canal) "
        "permettraient de suivre des cibles."
    ),
    "item_provisional": (
        " Taux provisoire : les leads les plus récents ont encore le temps de convertir."
    ),
    "status_on_track": "en bonne voie",
    "status_at_risk": "à surveiller",
    "status_off_track": "hors objectif",
    "status_none": "sans objectif",
    "aarrr_title": "Le parcours AARRR",
    "funnel_intro": (
        "Acquisition, activation, rétention, revenu, recommandation : où le parcours client "
        "gagne et perd du monde sur la période."
    ),
    "stage_acquisition": "Acquisition",
    "stage_activation": "Activation",
    "stage_retention": "Rétention",
    "stage_revenue": "Revenu",
    "stage_referral": "Recommandation",
    "col_stage": "Étape",
    "col_kpi": "Indicateur",
    "col_actual": "Réel",
    "col_target": "Objectif",
    "col_achieved": "Atteint",
    "col_status": "Statut",
    "col_vs_ref": "vs {ref}",
    "col_vs_year": "vs il y a un an",
    "col_significance": "Réel ou bruit ?",
    "col_trend": "Tendance ({n} mois)",
    "col_projected": "Projection",
    "col_interval": "Intervalle à {level}",
    "col_to_date": "À date",
    "col_forecast": "Prévision",
    "col_current": "Période analysée",
    "col_vs_team": "Écart à l'équipe",
    "table_title": "Indicateurs et objectifs, tous canaux",
    "legend": (
        "Lecture : ✔ en bonne voie (objectif atteint), ▲ à surveiller (au moins {risk} de "
        "l'objectif), ✖ hors objectif. Une évolution « réelle » est trop nette pour être due au "
        "hasard ; « à confirmer » pourrait encore l'être ; « probablement du bruit » est un "
        "écart ordinaire d'une période à l'autre (le détail est en annexe)."
    ),
    "objectives_channels_title": "Objectifs par canal",
    "channels_none": "Aucun objectif par canal n'est fixé pour cette période.",
    "channel_kpis_title": "Indicateurs par canal",
    "bullets_title": "Réel et objectif",
    "bullets_intro": (
        "Chaque barre montre la part de l'objectif atteinte (100 % = objectif ; pour les coûts, "
        "un coût plus bas que l'objectif dépasse 100 %). Les bandes de fond marquent les zones "
        "hors objectif, à surveiller et en bonne voie."
    ),
    "bullet_axis": "Part de l'objectif atteinte",
    "pacing_title": "Rythme : où finira la période",
    "pacing_intro": (
        "Projection de fin de période à partir des {elapsed} jours écoulés sur {total}, par un "
        "modèle de lissage exponentiel (tendance amortie, saisonnalité hebdomadaire et annuelle) "
        "ajusté sur les données quotidiennes passées."
    ),
    "forecast_title": "Où va {next}",
    "forecast_intro": (
        "Prévision de {next} pour les visiteurs, les leads et le chiffre d'affaires, d'après le "
        "rythme des six derniers mois et la saison."
    ),
    "forecast_started": (
        "{next} a déjà commencé : les données vont jusqu'au {as_of} ({observed} jours sur "
        "{total}). Le tableau sépare ce qui est déjà acquis, la prévision des {remaining} jours "
        "restants et le total attendu."
    ),
    "forecast_caveat": (
        "La fourchette à {level} ne couvre que les aléas ordinaires des jours prévus : ni un "
        "changement de budget ni un événement inhabituel. Sur les périodes passées, une telle "
        "fourchette a contenu le résultat environ 8 fois sur 10."
    ),
    "col_observed": "Déjà acquis (au {date})",
    "col_remaining": "Prévision des {days} jours restants",
    "col_expected_total": "Total attendu",
    "team_title": "L'équipe commerciale",
    "team_intro": (
        "Leads pris en charge, taux de conversion en clients (fenêtre de {window} jours), cycle "
        "de vente médian et chiffre d'affaires par commercial. Les objectifs d'équipe "
        "s'appliquent à chacun tels quels pour les taux et les délais, à parts égales pour les "
        "volumes."
    ),
    "team_outlier": (
        "Le taux de conversion de {owner} ({rate}) s'écarte nettement de celui du reste de "
        "l'équipe ({team}) : {verdict}."
    ),
    "appendix_method_title": "Annexe : méthode",
    "method_tests": (
        "Réel ou bruit : test z de deux proportions pour les taux (conversion, rétention, clic), "
        "test de rapport de taux de Poisson pour les volumes (par jour) et pour le CPL et le CAC "
        "(leads ou clients par euro dépensé), test z sur la variance du NPS ; une évolution est "
        "dite réelle quand p < 0,05, à confirmer quand p < 0,2, probablement du bruit au-delà. "
        "Les montants (chiffre d'affaires, coûts) et leurs rapports sont comptés, pas "
        "échantillonnés : ils ne sont pas testés. Le tableau ci-dessous donne chaque test et sa "
        "valeur p."
    ),
    "method_roi": (
        "ROI des canaux payants (le chiffre de l'essentiel et des recommandations) : (chiffre "
        "d'affaires de la période des clients dont la première commande tombe dans la période, "
        "acquis par un canal payant − coût de ces canaux) / coût de ces canaux. ROI global : "
        "(tout le chiffre d'affaires de la période − coût marketing) / coût marketing, achats "
        "des anciens clients compris. ROI sur la croissance : (chiffre d'affaires − celui de la "
        "période de comparaison − coût marketing) / coût marketing."
    ),
    "method_money": (
        "Montant en jeu (classement de ce qui a marché ou non) : l'écart à l'objectif, ou à la "
        "période de comparaison, converti en chiffre d'affaires : un client vaut le chiffre "
        "d'affaires moyen d'un nouveau client de la période, un lead ce montant fois le taux "
        "lead → client, un visiteur celui d'un lead fois le taux visiteur → lead ; un écart de "
        "coût unitaire est multiplié par le volume, un écart de taux par la base et la valeur, "
        "un écart de ROI par le coût marketing. Le NPS et le cycle de vente n'ont pas de montant "
        ": ils viennent en dernier."
    ),
    "method_recommendations": (
        "Recommandations : le verdict de chaque canal payant (augmenter, maintenir, réduire, "
        "trop peu de données) ; augmenter ou réduire déplace {step} de la dépense de la période "
        "et l'effet attendu est ce déplacement multiplié par le ROI du canal (au rendement moyen "
        "de la période : un plafond pour une hausse). Avec un plan de budget issu d'un modèle de "
        "mix, ce plan remplace la règle."
    ),
    "method_forecast": (
        "Prévision : lissage exponentiel (tendance amortie, saisonnalités hebdomadaire et "
        "annuelle) des six derniers mois de données quotidiennes ; la fourchette vient de 500 "
        "trajectoires simulées du modèle pour les seuls jours restants (les jours déjà observés "
        "sont certains). Visiteurs : visites prévues fois les visiteurs par visite de la période "
        "analysée."
    ),
    "col_test": "Test",
    "col_p": "Valeur p",
    "col_reading": "Lecture",
    "funnel_scale": (
        "La largeur des barres suit la racine carrée des effectifs, pour que les petites étapes "
        "restent visibles : une barre deux fois moins large compte quatre fois moins de "
        "personnes."
    ),
    "funnel_direct": (
        "Il y a plus de nouveaux clients ({customers}) que de leads ({leads}) : {direct} clients "
        "ont acheté sans être passés par l'étape lead (commande directe, sans formulaire ni "
        "demande préalable)."
    ),
    "funnel_direct_some": (
        "Sur les {customers} nouveaux clients, {direct} ont acheté sans être passés par l'étape "
        "lead (commande directe)."
    ),
    "col_new_revenue": "CA des nouveaux clients",
    "col_channel_roi": "ROI du canal",
    "details_title": "Le détail",
    "method_status": (
        "Statut : part de l'objectif atteinte (réel / objectif, ou objectif / réel pour les "
        "coûts) ; 100 % ou plus : en bonne voie, au moins {risk} : à surveiller, en dessous : "
        "hors objectif."
    ),
    "method_revenue": (
        "Le chiffre d'affaires par canal est celui des contacts acquis par ce canal (canal du "
        "lead, sinon premier contact)."
    ),
    "no_objectives_table": (
        "Aucun objectif n'a été transmis : les statuts ne peuvent pas être calculés, le reste du "
        "tableau reste valable."
    ),
    "sparkline_alt": "Évolution mensuelle",
    "summary_title": "L'essentiel",
    "vs": "vs",
    "label_channel_roi": "ROI des canaux payants",
    "label_overall_roi": "ROI global (tout le chiffre d'affaires)",
    "roi_headline": (
        "Le ROI des canaux payants ({roi}) compare le chiffre d'affaires que les clients gagnés "
        "sur la période par ces canaux y ont réalisé ({revenue}) à ce que ces canaux ont coûté "
        "({cost}) : ce que les dépenses de la période ont rapporté."
    ),
    "roi_others": (
        "En comptant tout le chiffre d'affaires de la période, achats des clients plus anciens "
        "compris, le rapport serait de {overall} ; en ne comptant que la croissance du chiffre "
        "d'affaires par rapport à {ref}, il est de {growth}."
    ),
    "summary_worked": "Ce qui a marché",
    "summary_missed": "Ce qui n'a pas marché",
    "summary_worked_none": "Aucun objectif atteint ni progrès net sur la période.",
    "summary_missed_none": "Aucun objectif manqué ni recul net sur la période.",
    "verdict_real_up": "une vraie hausse",
    "verdict_real_down": "une vraie baisse",
    "verdict_trend": "une tendance à confirmer",
    "verdict_noise": "probablement du bruit",
    "item_objective": "**{label}** : {actual} pour un objectif de {target} ({ach} de l'objectif).",
    "item_objective_projected": (
        "**{label}** : la période devrait finir à {projected} (entre {low} et {high}) pour un "
        "objectif de {target}."
    ),
    "item_change": "**{label}** : {actual} contre {ref_value} en {ref} ({delta}).",
    "item_money_worked": "Gain : environ {money}.",
    "item_money_missed": "Manque à gagner : environ {money}.",
    "item_reading": "C'est {verdict}.",
    "item_vs": " Par rapport à {ref} : {delta}{verdict}.",
    "item_vs_noise": " Par rapport à {ref} : pas de changement net (probablement du bruit).",
    "item_channel_worked": (
        "**{channel}** : {cost} dépensés, {customers} nouveaux clients qui ont acheté pour "
        "{revenue} sur la période (ROI {roi})."
    ),
    "item_channel_missed": (
        "**{channel}** : {cost} dépensés pour {customers} nouveaux clients et {revenue} de "
        "chiffre d'affaires sur la période (ROI {roi})."
    ),
    "recommendations_title": "Recommandations",
    "action_increase": "Augmenter {channel}",
    "action_keep": "Maintenir {channel}",
    "action_reduce": "Réduire {channel}",
    "action_too_little_data": "Attendre pour {channel}",
    "effect_increase": (
        "{budget} de budget ({share} de plus) rapporteraient au plus {effect} de résultat "
        "(chiffre d'affaires moins dépense) au rendement actuel."
    ),
    "effect_reduce": (
        "{budget} de budget ({share} de moins) changeraient le résultat (chiffre d'affaires "
        "moins dépense) de {effect} au rendement actuel."
    ),
    "effect_plan": (
        "{budget} de budget, pour {effect} de résultat attendu (chiffre d'affaires moins "
        "dépense)."
    ),
    "effect_keep": "garder le budget actuel.",
    "effect_too_little_data": (
        "trop peu de clients pour juger ; garder le budget le temps d'en savoir plus."
    ),
    "reason_increase": "Son ROI ({roi}) est parmi les meilleurs des canaux payants.",
    "reason_keep": "Son ROI ({roi}) est dans la moyenne des canaux payants.",
    "reason_reduce": "Son ROI ({roi}) est le plus faible des canaux payants.",
    "reason_little": "{customers} nouveaux clients seulement.",
    "reason_plan_increase": "Le plan de budget le porte de {current} à {optimal}.",
    "reason_plan_keep": "Le plan de budget le garde près de {current}.",
    "reason_plan_reduce": "Le plan de budget le ramène de {current} à {optimal}.",
    "recommendations_note": (
        "Sans modèle de mix, l'effet attendu est celui du rendement de la période : chaque somme "
        "ajoutée rapporte ce qu'a rapporté la dépense moyenne. Le rendement baisse d'ordinaire "
        "quand la dépense augmente : procéder par paliers et mesurer."
    ),
    "note_title": "Le mot de votre analyste",
    # ---- 01 overview: words the page wrote itself
    "ref_to_date": "{period} à date",
    "verdict_short_real": "réel",
    "verdict_short_trend": "à confirmer",
    "verdict_short_noise": "bruit",
    "legend_provisional": " * : taux provisoire (fenêtre de conversion non écoulée).",
    "recommendation_line": "- **{move}** : {effect}",
    "test_two_proportion_z": "test z de deux proportions",
    "test_poisson_score": "test de rapport de taux de Poisson",
    "test_nps_z": "test z sur le NPS",
    # ---- 06 mix: where the next euro earns most
    "mix_title": "Où le prochain euro rapporte le plus",
    "mix_intro": (
        "Ce chapitre estime, semaine par semaine, la part de {target} due à chaque canal, y "
        "compris ce que les clics ne voient pas (refus de cookies, hors ligne), à partir de "
        "{weeks} semaines d'historique jusqu'au {end}. Le modèle tient compte de l'effet retardé "
        "de chaque dépense et de ses rendements décroissants."
    ),
    "mix_target_revenue": "chiffre d'affaires",
    "mix_target_leads": "leads",
    "mix_no_spend": (
        "Aucune dépense média n'a été fournie : ce chapitre a besoin des dépenses par canal et "
        "par jour."
    ),
    "mix_no_target": (
        "Ni commandes ni leads n'ont été fournis : il n'y a rien à relier aux dépenses."
    ),
    "mix_short": (
        "Il n'y a que {weeks} semaines complètes d'historique. Pour séparer l'effet des médias "
        "de celui des saisons, il faut au moins un an de données hebdomadaires : ce chapitre "
        "sera disponible dès que l'historique le permettra."
    ),
    "mix_unusable": "Les données ne permettent pas d'estimer le modèle : {why}",
    "mix_roas_title": "Contribution et retour par canal",
    "mix_roas_caption": "Sur les {weeks} semaines ; intervalle à 90 %",
    "mix_col_spend": "Dépense",
    "mix_col_contribution": "Contribution",
    "mix_col_roas": "Retour par euro",
    "mix_col_interval": "Intervalle à 90 %",
    "mix_col_marginal": "Retour du prochain euro",
    "mix_warnings_title": "Ce que les données ne permettent pas de dire",
    "mix_no_warning": (
        "Les dépenses ont assez varié, et indépendamment les unes des autres, pour que l'effet "
        "de chaque canal soit mesuré."
    ),
    "mix_p_stable": (
        "{channel} : sa dépense change à peine d'une semaine à l'autre ; on ne peut pas "
        "distinguer son effet du reste. Faites-la varier quelques semaines, ou menez un test, "
        "avant de vous fier à son retour."
    ),
    "mix_p_collinear": (
        "{channel} : sa dépense évolue en même temps que celle de {other} (corrélation {corr}) ; "
        "le modèle ne peut pas partager le mérite entre les deux. Modifiez l'une sans l'autre "
        "pendant un temps, ou testez l'un des deux."
    ),
    "mix_p_confounded": (
        "{channel} : sa dépense suit la tendance ou les saisons ; son effet ne peut pas en être "
        "distingué. Un test sur ce canal est nécessaire pour le mesurer."
    ),
    "mix_p_vif": (
        "{channel} : sa dépense se déduit en grande partie des autres canaux et des saisons ; "
        "son effet propre est mal mesuré."
    ),
    "mix_p_uncertain": (
        "{channel} : son retour est trop incertain pour décider (entre {lower} et {upper} par "
        "euro)."
    ),
    "mix_curves_title": "Courbes de réponse",
    "mix_curves_chart": "{target} par semaine selon la dépense hebdomadaire",
    "mix_curves_read": (
        "Chaque courbe donne l'effet attendu d'une dépense hebdomadaire régulière ; la zone "
        "colorée est l'intervalle à 90 %, le rond la dépense actuelle, le losange la dépense "
        "recommandée. Une courbe qui s'aplatit signale un canal proche de la saturation."
    ),
    "mix_legend_current": "actuel",
    "mix_legend_optimal": "recommandé",
    "mix_axis_spend": "Dépense hebdomadaire",
    "mix_plan_title": "Réallocation recommandée",
    "mix_plan_caption": "Même budget hebdomadaire, chaque canal à ±30 % de sa dépense actuelle",
    "mix_col_current": "Dépense actuelle / sem.",
    "mix_col_optimal": "Dépense recommandée / sem.",
    "mix_col_change": "Écart",
    "mix_col_expected": "Effet attendu / sem.",
    "mix_plan_gain": (
        "Déplacer {moved} par semaine entre canaux rapporterait {gain} de {target} par semaine "
        "de plus (intervalle à 90 % : {lower} à {upper})."
    ),
    "mix_plan_uncertain": (
        "Ce gain reste dans la marge d'incertitude du modèle : testez le changement avant de le "
        "généraliser."
    ),
    "mix_plan_optimal": (
        "La répartition actuelle est déjà la meilleure dans ces limites : déplacer du budget "
        "n'augmenterait pas {target}."
    ),
    "mix_plan_flagged": (
        "Les canaux signalés plus haut pèsent sur cette recommandation : mesurez-les par un test "
        "avant de déplacer le budget."
    ),
    "mix_method": (
        "Modèle de mix média : {target} hebdomadaire = niveau de base (tendance, saisons) + pour "
        "chaque canal un effet retardé (adstock géométrique) et saturant (logistique) de sa "
        "dépense. Estimé par maximum de vraisemblance pénalisée, sans tirage aléatoire : les "
        "mêmes données donnent exactement les mêmes chiffres. Intervalles à 90 % par la méthode "
        "de Laplace ; sur des simulations, ils couvrent la vraie valeur 90 % du temps. La "
        "réallocation maximise l'effet attendu sur les courbes de réponse du modèle. Ajustement "
        ": R² {r2}, erreur moyenne {mape} ; sur les {holdout} dernières semaines prévues sans "
        "les avoir vues : {holdout_mape}."
    ),
    # ---- Metric labels (the catalogue of roianalysis.catalog)
    "metric_cost": "Coût d'acquisition (toutes dépenses)",
    "metric_marketing_cost": "Coût marketing",
    "metric_media_cost": "Coût média",
    "metric_impressions": "Impressions",
    "metric_clicks": "Clics",
    "metric_sessions": "Sessions",
    "metric_visitors": "Visiteurs",
    "metric_leads": "Leads",
    "metric_new_customers": "Nouveaux clients",
    "metric_customers": "Clients acheteurs",
    "metric_orders": "Commandes",
    "metric_revenue": "Chiffre d'affaires",
    "metric_gross_margin": "Marge brute",
    "metric_average_basket": "Panier moyen",
    "metric_purchase_frequency": "Fréquence d'achat",
    "metric_cpl": "Coût par lead",
    "metric_cpc": "Coût par clic",
    "metric_ctr": "Taux de clic",
    "metric_cpm": "Coût pour mille impressions",
    "metric_cac": "Coût d'acquisition client",
    "metric_cost_per_visitor": "Coût par visiteur",
    "metric_visitor_to_lead": "Taux visiteur → lead",
    "metric_lead_to_customer": "Taux lead → client",
    "metric_visitors_per_customer": "Visiteurs par nouveau client",
    "metric_roas": "Retour sur dépenses publicitaires",
    "metric_roi": "ROI",
    "metric_margin_roi": "ROI sur marge brute",
    "metric_roi_on_growth": "ROI sur croissance du CA",
    "metric_retention_rate": "Taux de rétention",
    "metric_churn_rate": "Taux d'attrition",
    "metric_yearly_retention": "Rétention annuelle",
    "metric_nps": "Net Promoter Score",
    "metric_nps_answers": "Réponses NPS",
    "metric_sales_cycle_days": "Cycle de vente médian",
    "metric_clv": "Valeur vie client",
    "metric_clv_discounted": "Valeur vie client actualisée",
    "metric_ltv_to_cac": "LTV / CAC",
    "metric_cac_payback_months": "Retour sur CAC",
    # ---- Short column headers of wide tables
    "short_cpl": "CPL",
    "short_cac": "CAC",
    "short_cpc": "CPC",
    "short_ctr": "Taux de clic",
    "short_roas": "ROAS",
    "short_cost_per_visitor": "Coût / visiteur",
    "short_visitors_per_customer": "Visiteurs / client",
    "short_marketing_cost": "Coût marketing",
    "short_margin_roi": "ROI sur marge",
    # ---- Organic-search table headers
    "search_head_clicks": "Clics",
    "search_head_clicks_previous": "Clics {period}",
    "search_head_clicks_change": "Évolution des clics",
    "search_head_impressions": "Impressions",
    "search_head_ctr": "Taux de clic",
    "search_head_position": "Position moyenne",
    "search_head_position_previous": "Position {period}",
    # ---- Rules and definitions the reports state
    "objectives_rule": (
        "Un objectif fixé pour une période plus longue est lu pour celle-ci au prorata des jours "
        "pour les volumes (nombres, montants, coûts : un objectif annuel de 1 200 leads vaut 300 "
        "pour un trimestre de 91 jours d'une année de 364 jours) et tel quel pour les ratios "
        "(CPL, ROI, taux de conversion) ; un objectif fixé pour la période elle-même l'emporte "
        "toujours."
    ),
    "roi_definition": (
        "ROI d'un canal = (chiffre d'affaires de la période des nouveaux clients que le canal a "
        "acquis pendant la période − coût marketing du canal sur la période) / coût marketing. "
        "C'est ce que la dépense de la période a rapporté : les achats répétés de clients gagnés "
        "auparavant n'y sont pas comptés."
    ),
    # ---- Significance: a p-value in plain words
    "significance_no_data": "pas assez de données pour conclure",
    "significance_real_rise": "hausse réelle, pas du bruit ({p})",
    "significance_real_fall": "baisse réelle, pas du bruit ({p})",
    "significance_real_change": "évolution réelle, pas du bruit ({p})",
    "significance_trend": "tendance à confirmer, peut encore être due au hasard ({p})",
    "significance_noise": "dans le bruit : écart compatible avec le hasard ({p})",
    # ---- Rendered pages and the index (roianalysis.render)
    "page_period": "Période",
    "page_period_sep": "\u00a0:",
    "page_generated": "généré le",
    "page_fingerprint": "Empreinte des données",
    "page_fingerprints": "Empreintes des données",
    "page_reports": "Rapports",
    "page_no_reports": "Aucun rapport.",
    "page_client": "Client",
    "page_notebook": "Rapport",
    "page_updated": "Généré le",
    "page_chart": "Graphique",
    "page_combined": "Rapport complet",
    "page_combined_hint": "tous les chapitres sur une page",
    "page_contents": "Sommaire",
    "page_chapter": "Chapitre",
    "page_pdf": "PDF à imprimer ou envoyer",
    "page_chapters": "Chapitres",
    "page_in_language": "en français",
    "language_name": "Français",
    # ---- The scorecard command (terminal)
    "sc_head_metric": "Indicateur",
    "sc_head_channel": "Canal",
    "sc_head_actual": "Réel",
    "sc_head_target": "Objectif",
    "sc_head_achieved": "Atteint",
    "sc_head_status": "Statut",
    "sc_head_previous": "Préc.",
    "sc_head_previous_delta": "Δ préc.",
    "sc_head_year_ago": "Il y a 1 an",
    "sc_head_year_delta": "Δ 1 an",
    "sc_head_p": "p",
    "sc_status_on_track": "OK  en bonne voie",
    "sc_status_at_risk": "!   à surveiller",
    "sc_status_off_track": "XX  hors objectif",
    "sc_running": " (en cours au {as_of})",
    # ---- Numbers, units, dates and periods (roianalysis.report.format)
    "number_group": "\u202f",
    "number_decimal": ",",
    "money": "{sign}{digits}\u00a0{symbol}",
    "money_code": "{sign}{digits}\u00a0{symbol}",
    "percent": "{number}\u202f%",
    "unit_day": "jour",
    "unit_days": "jours",
    "unit_month": "mois",
    "unit_months": "mois",
    "unit_points": "pt",
    "period_half": "S{half} {year}",
    "period_quarter": "T{quarter} {year}",
    "period_week": "semaine {week} de {year}",
    "period_range": "du {first} au {last}",
    "day_first": "1er",
    "datetime": "{day} à {clock} ({zone})",
    "label_colon": "{label}\u00a0:",
    "date_numeric": "%d/%m/%Y %H:%M",
    "month_1": "janvier",
    "month_2": "février",
    "month_3": "mars",
    "month_4": "avril",
    "month_5": "mai",
    "month_6": "juin",
    "month_7": "juillet",
    "month_8": "août",
    "month_9": "septembre",
    "month_10": "octobre",
    "month_11": "novembre",
    "month_12": "décembre",
    "month_short_1": "janv.",
    "month_short_2": "févr.",
    "month_short_3": "mars",
    "month_short_4": "avr.",
    "month_short_5": "mai",
    "month_short_6": "juin",
    "month_short_7": "juil.",
    "month_short_8": "août",
    "month_short_9": "sept.",
    "month_short_10": "oct.",
    "month_short_11": "nov.",
    "month_short_12": "déc.",
}
