"""Korean text for lesson 05 (the discriminator): its exercises' checks, the logit probe, and
where batch norm's moving averages settle.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
    # the discriminator's drawing (architecture.discriminator_blocks)
    "image":
        "이미지",
    "the model applies {found} after the final Dense layer.":
        "모델이 마지막 Dense 층 뒤에 {found}을(를) 적용합니다.",
    ("End with Dense(1) and no activation: the discriminator outputs a logit, and the loss "
     "applies the sigmoid."):
        ("활성화 함수 없는 Dense(1)로 끝내세요: 판별자는 로짓(logit)을 출력하고, 시그모이드는 "
         "손실이 적용합니다."),
    "layer 2 is BatchNormalization: batch norm follows the first convolution.":
        "2번째 층이 BatchNormalization입니다: 첫 합성곱 뒤에 배치 정규화가 옵니다.",
    ("No batch norm on the first layer: it sees the raw pixels, and the paper found that "
     "normalising the discriminator's input layer made training unstable. That layer keeps its "
     "bias."):
        ("첫 층에는 배치 정규화를 두지 않습니다: 이 층은 원시 픽셀을 보며, 논문은 판별자의 "
         "입력층을 정규화하면 학습이 불안정해진다는 것을 발견했습니다. 이 층은 편향을 "
         "유지합니다."),
    "layer {number} is {found}.":
        "{number}번째 층이 {found}입니다.",
    ("The first convolution is `width` deep; the depth doubles at each following one, so the "
     "last convolution is the deepest."):
        ("첫 합성곱의 깊이가 `width`이고, 이어지는 합성곱마다 깊이가 두 배가 되므로 마지막 "
         "합성곱이 가장 깊습니다."),
    "Exercise 2 (moving_shares)":
        "실습 과제 2 (moving_shares)",
    "moving_shares({schedule}, steps={steps}, momentum={momentum})":
        "moving_shares({schedule}, steps={steps}, momentum={momentum})",
    "returned {got}; expected three shares as a NumPy array of shape (3,).":
        "{got}을(를) 반환했습니다. 모양 (3,)인 NumPy 배열로 세 몫을 반환해야 합니다.",
    "shape {shape}":
        "모양 {shape}",
    "One number each for the start value, the real batches and the fake batches, in that order.":
        "시작값, 진짜 배치, 가짜 배치에 대해 이 순서로 숫자 하나씩입니다.",
    ("returned {got}: the shares of one update per training step. This schedule calls D {calls} "
     "times per step, and batch norm updates its moving averages at every call in training mode."):
        ("{got}을(를) 반환했습니다: 학습 스텝마다 업데이트가 한 번일 때의 몫입니다. 이 스케줄은 "
         "스텝마다 D를 {calls}번 호출하고, 배치 정규화는 학습 모드의 호출마다 이동 평균을 "
         "업데이트합니다."),
    "Go through the schedule call by call, every step.":
        "스텝마다 스케줄을 호출 하나하나 따라가세요.",
    ("returned {got}: the shares you get when momentum is the weight of the new batch (PyTorch's "
     "convention)."):
        ("{got}을(를) 반환했습니다: 모멘텀을 새 배치의 가중치로 볼 때(PyTorch의 관례) 나오는 "
         "몫입니다."),
    "In Keras, momentum is the weight of the old moving average (lesson 03).":
        "Keras에서 모멘텀은 이전 이동 평균의 가중치입니다(03강).",
    ("returned {got}: the shares of the schedule run backwards. The last call of a step is the "
     "most recent update, so it keeps the largest weight."):
        ("{got}을(를) 반환했습니다: 스케줄을 거꾸로 실행했을 때의 몫입니다. 스텝의 마지막 호출이 "
         "가장 최근 업데이트이므로 가장 큰 가중치를 유지합니다."),
    "Apply the calls in the order the schedule lists them.":
        "스케줄에 적힌 순서대로 호출을 적용하세요.",
    ("returned {got}: the shares of a real batch and a fake batch in two calls. A mixed batch is "
     "one call, so one update, with the mean of a batch that is half real and half fake."):
        ("{got}을(를) 반환했습니다: 진짜 배치와 가짜 배치를 두 번 호출한 몫입니다. 섞인 배치는 "
         "호출 한 번, 즉 업데이트 한 번이며, 그 평균은 절반이 진짜 이미지이고 절반이 가짜 "
         "이미지인 배치의 평균입니다."),
    "Count one update for the mixed batch, with half of its weight going to each kind.":
        "섞인 배치는 업데이트 한 번으로 세고, 그 가중치의 절반씩을 각 종류에 주세요.",
    ("returned {got}: the start value has no share, so the real and fake shares alone sum to 1. "
     "The moving mean starts from its initial value and forgets it only gradually."):
        ("{got}을(를) 반환했습니다: 시작값의 몫이 없어서 진짜와 가짜의 몫만으로 합이 1입니다. "
         "이동 평균은 초깃값에서 출발해 그것을 천천히만 잊습니다."),
    "Keep track of all three shares from the first update on: (1, 0, 0) before any step.":
        "첫 업데이트부터 세 몫을 모두 추적하세요: 스텝 전에는 (1, 0, 0)입니다.",
    "returned {got}: the right numbers in another order.":
        "{got}을(를) 반환했습니다: 맞는 숫자이지만 순서가 다릅니다.",
    "Return (start, real, fake), in that order.":
        "(시작, 진짜, 가짜) 순서로 반환하세요.",
    "returned {got}; expected {want}.":
        "{got}을(를) 반환했습니다. {want}이어야 합니다.",
    ("Follow one call at a time: an update keeps `momentum` of the old moving mean and adds (1 - "
     "momentum) of the batch's own mean. The moving mean stays a mix of the start value, the "
     "real batches' mean and the fake batches' mean, and the three shares always sum to 1."):
        ("호출을 하나씩 따라가세요: 업데이트 한 번은 이전 이동 평균의 `momentum`만큼을 남기고 "
         "배치 자신의 평균을 (1 - momentum)만큼 더합니다. 이동 평균은 시작값, 진짜 배치의 평균, "
         "가짜 배치의 평균이 섞인 값으로 남고, 세 몫의 합은 언제나 1입니다."),
    "your moving_shares for {steps} steps: start {start:.2f}, real {real:.2f}, fake {fake:.2f}":
        ("{steps} 스텝에 대한 여러분의 moving_shares: 시작 {start:.2f}, 실제 {real:.2f}, 가짜 "
         "{fake:.2f}"),
    "Write moving_shares (exercise 2) to see your prediction here.":
        "여기서 여러분의 예측을 보려면 moving_shares(실습 과제 2)를 작성하세요.",
    ("measured: moving mean ≈ {real:.2f} × real batch mean + {fake:.2f} × fake batch mean (sum "
     "{total:.2f})"):
        ("측정값: 이동 평균 ≈ {real:.2f} × 진짜 배치 평균 + {fake:.2f} × 가짜 배치 평균 (합 "
         "{total:.2f})"),
}
