"""Korean text for lesson 06's post-DCGAN training techniques and the reference model.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
    # -- dcgan_course.training.describe_options: the options of a run, in words --------------
    "DiffAugment ({policy})":
        "DiffAugment({policy})",
    "R1 gamma {gamma:g} every {every} steps":
        "R1 감마 {gamma:g}, {every} 스텝마다",
    "spectral norm in D":
        "판별자에 스펙트럼 정규화",
    "minibatch stddev":
        "미니배치 표준편차",
    "TTUR (G {g_rate:g}, D {d_rate:g})":
        "TTUR(G {g_rate:g}, D {d_rate:g})",
    "learning rates to 0 over the last {share:.0%}":
        "마지막 {share:.0%} 동안 학습률을 0까지 낮춤",
    "averaged G's batch-norm statistics refreshed":
        "평균 G의 배치 정규화 통계를 새로 잼",
    "none (the 2015 DCGAN recipe)":
        "없음(2015년 DCGAN 레시피)",
    # -- dcgan_course.reference_model: what a loaded reference network is ---------------------
    "the course's reference {name}: its trained weights in YOUR architecture":
        "과정의 참조 {name}: 학습된 가중치를 여러분의 구조에 넣었습니다",
    ("the course's reference {name}: the saved COURSE model (your layers have its weights' "
     "shapes but compute something else, e.g. ReLU where the course's has leaky ReLU)"):
        ("과정의 참조 {name}: 저장된 과정 모델입니다(여러분의 층은 가중치 모양은 같지만 다른 "
         "계산을 합니다. 예: 과정 모델의 leaky ReLU 자리에 ReLU)"),
    ("the course's reference {name}: the saved COURSE model (its weights do not fit your "
     "architecture's shapes)"):
        ("과정의 참조 {name}: 저장된 과정 모델입니다(가중치 모양이 여러분의 구조와 맞지 "
         "않습니다)"),
    ("the course's reference model ({steps} steps, {share} of its samples recognisable): "
     "{generator}; {discriminator}"):
        ("과정의 참조 모델({steps} 스텝, 샘플의 {share}를 알아볼 수 있음): {generator}; "
         "{discriminator}"),
    ("Stopped at step {step}: the steps so far are kept; run the cell again to go on from "
     "here."):
        ("{step} 스텝에서 멈췄습니다: 지금까지의 스텝은 남아 있습니다. 이 셀을 다시 "
         "실행하면 여기서부터 이어 갑니다."),
    "averaged G (EMA)": "평균 G(EMA)",
    "raw G": "원래 G",
}
