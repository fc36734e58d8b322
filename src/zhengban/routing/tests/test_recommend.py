"""recommend(): clear cases in both languages, the sender signal, reasons, and learning from confirmations."""

import pytest
from django.utils import translation

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, NotAllowed, NotFound
from zhengban.routing import knowledge, segment
from zhengban.routing.actions import confirm
from zhengban.routing.models import ConfirmedExample, RoutingState
from zhengban.routing.recommend import recommend
from zhengban.routing.stemming import porter_stem

pytestmark = pytest.mark.django_db


def codes(recommendation):
    return [unit.unit for unit in recommendation.units]


def test_clear_chinese_case_goes_to_urban_construction_with_its_subject_areas(hengyang):
    with translation.override("zh-hans"):
        result = recommend("解放路片区棚户区改造涉及房屋征收补偿和城市规划调整，请审定。", title="关于棚户区改造征收补偿方案的请示")
    assert result.lead.unit == "urban-construction"
    assert result.language == "zh"
    kinds = {reason["kind"] for reason in result.lead.reasons}
    assert {"subject", "word"} <= kinds
    assert any(reason["kind"] == "subject" and "规划" in reason["text"] for reason in result.lead.reasons)


def test_clear_english_case_goes_to_foreign_affairs_with_reasons_in_english(hengyang):
    with translation.override("en"):
        result = recommend(
            "The mayor will lead a delegation to our sister city; passports and visas are needed.",
            title="Official visit abroad",
        )
    assert result.lead.unit == "foreign-affairs"
    assert result.lead.name == "Foreign Affairs Section"
    assert result.language == "en"
    words = [reason["text"] for reason in result.lead.reasons if reason["kind"] == "word"]
    assert "passports" in words or "visas" in words


def test_every_recommended_unit_has_scores_between_0_and_1_and_reasons(hengyang):
    result = recommend("今冬明春森林火险等级高，请拨付森林防火经费。", title="关于森林防火经费的请示", top=3)
    assert len(result.units) == 3
    assert result.lead.unit == "rural-affairs"
    assert all(0.0 <= unit.score <= 1.0 for unit in result.units)
    assert result.units[0].score >= result.units[1].score >= result.units[2].score
    assert all(unit.reasons for unit in result.units)
    assert result.as_dict()["units"][0]["reasons"] == result.lead.reasons


def test_a_known_sender_is_a_strong_signal_and_a_reason(hengyang, housing_bureau):
    ambiguous = "关于申请召开专题会议的请示"
    assert recommend("请安排时间。", title=ambiguous).lead.unit != "urban-construction"
    for sender in (housing_bureau, "housing-bureau"):
        result = recommend("请安排时间。", title=ambiguous, sender=sender)
        assert result.lead.unit == "urban-construction"
        sender_reasons = [reason for reason in result.lead.reasons if reason["kind"] == "sender"]
        assert sender_reasons[0]["text"] == "市住房和城乡建设局" and sender_reasons[0]["weight"] > 5.0


def test_a_clear_text_overrules_the_senders_usual_unit(hengyang, housing_bureau):
    result = recommend("我局3名同志赴日本考察，请办理因公出国护照和签证。", title="关于办理因公护照签证的函", sender=housing_bureau)
    assert result.lead.unit == "foreign-affairs"


def test_co_units_are_those_with_a_substantial_second_score(hengyang):
    result = recommend(
        "归侨侨眷和海外侨胞捐资修建学校，拟邀请外国友好城市代表团出席落成仪式。", title="关于侨胞捐资办学和外国代表团来访的报告"
    )
    assert set(codes(result)[:2]) == {"overseas-chinese", "foreign-affairs"}
    assert result.co_units and result.co_units[0] == codes(result)[1]


def test_confirmations_change_the_recommendation_and_show_the_example(hengyang):
    title = "关于机关幼儿园扩班的请示"
    text = "拟增设小班两个，需改造教室。"
    before = recommend(text, title=title)
    assert before.lead.unit != "vehicles"
    for number in range(3):
        confirm(hengyang.member, f"{text} 第{number}次", title, None, "vehicles")
    after = recommend(text, title=title)
    assert after.lead.unit == "vehicles"
    assert any(reason["kind"] == "example" and title in reason["text"] for reason in after.lead.reasons)


def test_another_process_sees_a_confirmation_through_the_version_row(hengyang):
    seen_version = knowledge.current().version
    confirm(hengyang.chief, "乡镇卫生院改造。", "关于卫生院改造的请示", None, "social-development")
    refreshed = knowledge.current()
    assert refreshed.version == RoutingState.objects.get().version == seen_version + 1
    assert refreshed.learned["卫生院"]
    incremental = recommend("卫生院", title="卫生院").as_dict()
    knowledge.forget()  # a process starting now reads everything
    assert recommend("卫生院", title="卫生院").as_dict() == incremental


def test_confirm_keeps_the_example_with_its_tokens_and_an_audit_event(hengyang, housing_bureau):
    example = confirm(
        hengyang.member, "请审定棚改方案。", "关于棚户区改造的请示", "housing-bureau", "urban-construction",
        recommended_unit="finance-trade",
    )
    assert example.unit.code == "urban-construction" and example.sender == housing_bureau
    assert "棚户区" in example.tokens and example.was_corrected
    event = Event.objects.get(subject_type="routing.confirmedexample", subject_id=example.pk)
    assert event.verb == "routing.confirmed" and event.actor == hengyang.member
    assert event.payload["unit"] == "urban-construction" and event.payload["recommended_unit"] == "finance-trade"


def test_a_learned_sender_counts_for_its_unit(hengyang, housing_bureau):
    for number in range(3):
        confirm(hengyang.member, f"事项{number}", "关于有关事项的函", housing_bureau, "finance-trade")
    result = recommend("请研究。", title="关于有关事项的函", sender=housing_bureau)
    sender_reasons = {unit.unit: [r for r in unit.reasons if r["kind"] == "sender"] for unit in result.units}
    assert sender_reasons["finance-trade"] and sender_reasons["urban-construction"]


@pytest.mark.parametrize(
    "who, unit, title, error",
    [
        ("outsider", "vehicles", "关于用车的请示", NotAllowed),
        ("leader_without_role", "vehicles", "关于用车的请示", NotAllowed),
        ("member", "no-such-unit", "关于用车的请示", NotFound),
        ("member", "vehicles", "", ActionError),
    ],
)
def test_confirm_refuses_and_changes_nothing(hengyang, make_person, who, unit, title, error):
    actor = make_person("plain", unit=hengyang.unit) if who == "leader_without_role" else getattr(hengyang, who)
    with pytest.raises(error):
        confirm(actor, "", title, None, unit)
    assert not ConfirmedExample.objects.exists()
    assert RoutingState.objects.filter(version__gt=0).count() == 0


def test_unknown_sender_code_is_refused(hengyang):
    with pytest.raises(ActionError):
        confirm(hengyang.member, "text", "title", "no-such-organization", "vehicles")
    assert not ConfirmedExample.objects.exists()


def test_the_user_dictionary_keeps_domain_words_unit_and_organization_names_whole(hengyang, housing_bureau):
    segment.reset()
    words = segment.tokenizer().lcut("关于侨捐项目督办情况的报告抄送秘书一科和市住房和城乡建设局并报建议提案办理情况")
    for word in ("侨捐", "督办", "秘书一科", "市住房和城乡建设局", "建议提案"):
        assert word in words
    assert "侨捐" in segment.tokens("侨捐项目")


def test_a_stop_word_brings_none_of_its_parts_along(hengyang):
    assert "市政" not in segment.tokens("关于提请市政府常务会议审议的请示")  # 市政府 is not 市政 (municipal engineering)
    assert "市政" in segment.tokens("关于市政设施维护的请示")
    assert "常务会议" in segment.tokens("关于提请市政府常务会议审议的请示")


def test_a_new_unit_is_known_from_the_next_recommendation(hengyang, make_unit):
    knowledge.current()
    make_unit(
        "harbour", "港航科", "Harbour Section", parent=hengyang.office,
        subject_areas=[{"zh": "港口航运", "en": "harbour and shipping"}], routing_words_zh=["码头"],
        routing_words_en=["wharf"],
    )
    assert recommend("The new wharf needs dredging.", title="Wharf dredging").lead.unit == "harbour"


def test_english_tokens_are_lowercased_stemmed_and_stop_words_dropped():
    words = [token for token in segment.tokens("The Passports and Visas of the Delegations") if " " not in token]
    assert words == ["passport", "visa", "deleg"]


@pytest.mark.parametrize(
    "forms",
    [("road", "roads"), ("inspection", "inspections", "inspected", "inspecting"), ("plan", "plans", "planning"),
     ("policy", "policies"), ("subsidy", "subsidies"), ("flood", "floods", "flooded", "flooding")],
)
def test_every_form_of_an_english_word_is_one_token(forms):
    assert len({tuple(segment.tokens(form)) for form in forms}) == 1


def test_porter_stems_as_published():
    published = {"caresses": "caress", "ponies": "poni", "agreed": "agre", "hopping": "hop", "filing": "file",
                 "relational": "relat", "hopefulness": "hope", "adjustment": "adjust", "adoption": "adopt",
                 "controlling": "control", "news": "news"}
    assert {word: porter_stem(word) for word in published} == published


def test_a_plural_english_word_routes_like_its_singular(hengyang):
    singular = recommend("The farmer asks for the reservoir to be cleared of silt.", title="Reservoir silt")
    plural = recommend("The farmers ask for the reservoirs to be cleared of silt.", title="Reservoirs silt")
    assert singular.lead.unit == plural.lead.unit == "rural-affairs"
    assert singular.lead.score == plural.lead.score


def test_adjacent_english_words_also_make_a_phrase_token_across_stop_words_hyphens_and_possessives():
    assert segment.tokens("Social security, the director's follow-up") == [
        "social", "social secur", "secur", "director", "director follow", "follow", "follow up", "up",
    ]
    # A comma or a line break ends a phrase.
    assert "secur mayor" not in segment.tokens("social security,\nmayor")


def test_a_profile_phrase_outweighs_its_words_and_is_named_as_a_reason(hengyang):
    with translation.override("en"):
        result = recommend("The pooling of social security funds across the counties.", title="Social security pooling")
    assert result.lead.unit == "economic-affairs"
    words = [reason["text"] for reason in result.lead.reasons if reason["kind"] == "word"]
    assert words[0] == "social security"


def test_a_recommendation_reads_only_the_version_row_once_warm(hengyang, django_assert_num_queries):
    confirm(hengyang.member, "食堂厨房设备更新。", "关于机关食堂改造的报告", None, "administration")
    recommend("食堂厨房设备更新。", title="关于机关食堂改造的报告")  # loads the counts and the example's title
    with django_assert_num_queries(1):
        result = recommend("食堂厨房设备更新。", title="关于机关食堂改造的报告")
    assert any(reason["kind"] == "example" for reason in result.lead.reasons)


def _learned_counts(unit_code, examples, counts):
    """As if `examples` confirmed examples of a unit had brought these token counts (faster than confirming them)."""
    from zhengban.core.models import Unit
    from zhengban.routing.models import TokenCount, UnitExampleCount

    state = RoutingState.current()
    version = state.version + 1
    unit = Unit.objects.get(code=unit_code)
    TokenCount.objects.bulk_create(
        [TokenCount(unit=unit, token=token, count=count, version=version) for token, count in counts.items()], batch_size=1000
    )
    UnitExampleCount.objects.create(unit=unit, examples=examples, version=version)
    RoutingState.objects.filter(pk=state.pk).update(version=version)


def test_a_flood_of_noisy_examples_cannot_outvote_a_clear_profile_match(hengyang):
    """100,000 examples of random words (a bad import, say) for the right unit and for another one, the
    other's with each of the text's words in 20 of them: the division of labour still decides."""
    title, text = "关于湘江水位超警戒的紧急报告", "受强降雨影响，湘江水位超警戒，沿江群众正在转移，请求救援。"
    before = knowledge.current()
    duty = next(unit_id for unit_id, unit in before.units.items() if unit.code == "secretariat-2")
    profile_probability = before.probability("救援", duty)
    assert recommend(text, title=title).lead.unit == "secretariat-2"

    noise = {f"噪声{number}": 50 for number in range(20_000)}  # 100,000 examples of ten random words each
    _learned_counts("rural-affairs", 100_000, {**noise, **{token: 20 for token in segment.tokens(f"{title}{text}")}})
    _learned_counts("secretariat-2", 100_000, noise)

    after = knowledge.current()
    assert after.examples[duty] == 100_000
    assert after.probability("救援", duty) == profile_probability  # the profile keeps its full weight
    result = recommend(text, title=title)
    assert result.lead.unit == "secretariat-2"
    assert "救援" in [reason["text"] for reason in result.lead.reasons if reason["kind"] == "word"]
