import pytest

from board_admin.domain import enums


def all_enums():
    return [
        value
        for value in vars(enums).values()
        if isinstance(value, type) and issubclass(value, enums.LabelledEnum) and value is not enums.LabelledEnum
    ]


@pytest.mark.parametrize("enum_class", all_enums(), ids=lambda cls: cls.__name__)
def test_every_member_reads_back_from_its_label_and_value(enum_class):
    for member in enum_class:
        assert enum_class.from_text(member.label) is member
        assert enum_class.from_text(member.value) is member
        assert enum_class.from_text(member.label.upper()) is member


def test_unknown_text_is_refused():
    with pytest.raises(ValueError):
        enums.AttendanceStatus.from_text("Maybe")


def test_labels_are_the_business_units_words():
    assert enums.GroupKind.TASK_AND_FINISH.label == "Task and finish group"
    assert str(enums.MemberRole.VICE_CHAIR) == "Vice-chair"
