import math

from eventmap.spelling import UNSEEN_COST, learn_spelling_costs, spelling_distance, spelling_edits

# Spellings of one place each, as GeoNames gives them for Jasim, Jaba and Jisr ash Shughur (keys).
RUSSIAN_AND_ENGLISH = [["jasim", "dzhasim"], ["jaba", "dzhaba"], ["jisrshukur", "dzhisrshukur"], ["kafr", "kfar"]]


def test_an_alignment_joins_adjacent_edits_into_one():
    assert spelling_edits("dzhasim", "jasim") == [("dzh", "j")]
    assert spelling_edits("bianun", "bayanun") == [("i", "ay")]
    assert spelling_edits("jabal", "jabal") == []


def test_an_edit_seen_in_several_places_is_cheap_and_one_never_seen_is_dear():
    costs = learn_spelling_costs(RUSSIAN_AND_ENGLISH)
    assert costs["dzh"]["j"] < 1.5
    # 'Dzhabal' is one learned edit from Jabal; 'Qwabal' needs two edits no place showed.
    assert spelling_distance("dzhabal", "jabal", costs) == costs["dzh"]["j"]
    assert spelling_distance("qwabal", "jabal", costs) == 2 * UNSEEN_COST
    assert spelling_distance("jabal", "jabal", costs) == 0.0


def test_an_edit_one_pair_alone_shows_is_not_learned():
    costs = learn_spelling_costs([["hums", "humsz"], ["jaba", "dzhaba"]])
    assert "sz" not in costs and "z" not in costs and "dzh" not in costs


def test_an_alignment_dearer_than_the_cutoff_is_given_up():
    costs = learn_spelling_costs(RUSSIAN_AND_ENGLISH)
    assert spelling_distance("qwabal", "jabal", costs, cutoff=UNSEEN_COST) == math.inf
    assert spelling_distance("dzhabal", "jabal", costs, cutoff=UNSEEN_COST) < UNSEEN_COST


def test_distances_to_many_keys_come_cheapest_first_without_those_past_the_cutoff():
    from eventmap.spelling import spelling_distances

    costs = learn_spelling_costs(RUSSIAN_AND_ENGLISH)
    found = spelling_distances("dzhabal", ["jabal", "qwabal", "dzhabal"], costs, cutoff=UNSEEN_COST)
    assert found == [(0.0, "dzhabal"), (costs["dzh"]["j"], "jabal")]
    # A shared beginning is taken as matched: never cheaper than the full alignment.
    assert spelling_distances("kafrdzhabal", ["kafrjabal"], costs) == [(spelling_distance("kafrdzhabal", "kafrjabal", costs), "kafrjabal")]
