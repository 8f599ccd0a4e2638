"""Korean text for lesson 03 (batch norm): its exercises' checks, lab and widgets.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
    # -- exercise 1: the forward pass (named mistakes and hints) --
    ("you divided by m - 1: that is the unbiased variance, and batch norm normalises with the "
     "biased one, divided by m."):
        ("m - 1로 나눴습니다(you divided by m - 1): 그것은 불편 분산입니다. 배치 정규화는 m으로 "
         "나눈 편향 분산으로 정규화합니다."),
    "Look at how many values σ_B² averages in section 1's formula (np.var's default ddof).":
        "1절의 식에서 σ_B²가 몇 개의 값을 평균하는지 보세요(np.var의 기본 ddof).",
    "adds epsilon after the square root, so a channel with a tiny variance is divided by almost 0.":
        "제곱근을 취한 뒤에 epsilon을 더해서, 분산이 아주 작은 채널은 거의 0으로 나뉩니다.",
    "Compare where ε sits in section 1's formula for x̂.":
        "1절의 x̂ 식에서 ε이 어디에 있는지 비교해 보세요.",
    ("returned statistics of shape {shape}: one per pixel and channel, taken over the batch "
     "alone. A channel is one feature detector slid over the image, so all its positions share "
     "one mean and one variance."):
        ("모양 {shape}의 통계량을 반환했습니다: 배치에 대해서만 구해 픽셀과 채널마다 하나씩입니다. "
         "채널은 이미지 위를 미끄러지는 특징 검출기 하나이므로, 모든 위치가 평균 하나와 분산 "
         "하나를 함께 씁니다."),
    "Average over every axis except the last: the batch and every pixel position.":
        "마지막 축을 뺀 모든 축, 즉 배치와 모든 픽셀 위치에 대해 평균을 내세요.",
    ("mixed the channels: its statistics are one mean and one variance over the whole batch, "
     "repeated for every channel."):
        ("채널을 섞었습니다: 통계량이 배치 전체에 대한 평균 하나와 분산 하나이고, 모든 채널에 "
         "반복됩니다."),
    "Each channel (the last axis) has its own mean and variance.":
        "채널(마지막 축)마다 평균과 분산이 따로 있습니다.",
    "returned the normalised x̂ without scaling it by gamma and shifting it by beta.":
        "정규화된 x̂를 gamma로 스케일하거나 beta로 이동하지 않은 채 반환했습니다.",
    "The last step of section 1's formula is y = γ x̂ + β.":
        "1절 식의 마지막 단계는 y = γ x̂ + β입니다.",
    ("uses PyTorch's default epsilon (1e-5) when none is passed; the exercise's default, like "
     "Keras', is 1e-3."):
        ("epsilon을 넘기지 않으면 PyTorch의 기본값(1e-5)을 씁니다. 이 실습 과제의 기본값은 "
         "Keras처럼 1e-3입니다."),
    "Keep the signature's default, epsilon=1e-3.":
        "시그니처의 기본값 epsilon=1e-3을 그대로 두세요.",
    "returned the standard deviation where the variance belongs.":
        "분산이 와야 할 자리에 표준편차를 반환했습니다.",
    "Return σ_B², the variance itself, as the third value.":
        "세 번째 값으로 분산 σ_B² 자체를 반환하세요.",
    "batch_norm_train on a {shape} batch, {epsilon}":
        "{shape} 배치에 대한 batch_norm_train, {epsilon}",
    "should return the tuple {names}, returned {kind}.":
        "튜플 {names}를 반환해야 하는데 {kind}을(를) 반환했습니다.",
    "returned something that is not three arrays ({error}).":
        "배열 세 개가 아닌 것을 반환했습니다({error}).",
    "{name} returned by {what}":
        "{what}이(가) 반환한 {name}",
    "mean":
        "평균",
    "variance":
        "분산",
    "Average each channel over every axis except the last.":
        "채널마다 마지막 축을 뺀 모든 축에 대해 평균을 내세요.",
    "The biased variance of each channel, over the same axes as the mean.":
        "채널마다 평균과 같은 축에 대한 편향 분산입니다.",
    "y = γ x̂ + β, with x̂ normalised by the batch's own statistics.":
        "y = γ x̂ + β이고, x̂는 배치 자신의 통계량으로 정규화한 값입니다.",
    "differs from Keras' (largest difference {worst:.3g}).":
        "Keras의 값과 다릅니다(가장 큰 차이 {worst:.3g}).",
    "has shape {got}; Keras' has shape {want}.":
        "모양이 {got}입니다. Keras의 값은 모양이 {want}입니다.",
    # -- exercise 2: the backward pass --
    ("treats the batch's mean and variance as constants. They are computed from every x_i, so "
     "the gradient also flows through them: shift all of a channel's inputs by the same amount "
     "and batch norm's output does not change, yet your dx says it would."):
        ("배치의 평균과 분산을 상수로 취급합니다. 둘은 모든 x_i로 계산되므로 그래디언트는 그들을 "
         "거쳐서도 흐릅니다: 한 채널의 입력을 모두 같은 만큼 옮겨도 배치 정규화의 출력은 변하지 "
         "않는데, 여러분의 dx는 변한다고 말합니다."),
    ("Draw the graph x → μ, x and μ → σ², (x, μ, σ²) → x̂ → y, and add up the gradient along "
     "every path into x."):
        ("그래프 x → μ, x와 μ → σ², (x, μ, σ²) → x̂ → y를 그리고, x로 들어오는 모든 경로의 "
         "그래디언트를 더하세요."),
    ("follows the path through the variance but treats the mean as a constant: the sum of your "
     "dx over a channel is not 0, although shifting a whole channel changes nothing."):
        ("분산을 거치는 경로는 따라가지만 평균은 상수로 취급합니다: 채널 전체를 옮겨도 아무것도 "
         "변하지 않는데, 한 채널에 대한 여러분의 dx의 합이 0이 아닙니다."),
    "x reaches x̂ through μ as well: add that path's gradient.":
        "x는 μ를 거쳐서도 x̂에 닿습니다: 그 경로의 그래디언트를 더하세요.",
    ("follows the path through the mean but treats the variance as a constant: scaling a whole "
     "channel by a factor changes nothing after batch norm, yet your dx has a component along "
     "x̂."):
        ("평균을 거치는 경로는 따라가지만 분산은 상수로 취급합니다: 채널 전체에 같은 수를 곱해도 "
         "배치 정규화 뒤에는 아무것도 변하지 않는데, 여러분의 dx에는 x̂ 방향 성분이 있습니다."),
    "x reaches x̂ through σ² as well: add that path's gradient.":
        "x는 σ²를 거쳐서도 x̂에 닿습니다: 그 경로의 그래디언트를 더하세요.",
    "returns dbeta where dgamma belongs and the other way round.":
        "dgamma 자리에 dbeta를, dbeta 자리에 dgamma를 반환합니다.",
    "γ multiplies x̂ and β is added: which of the two gradients carries x̂?":
        "γ는 x̂에 곱해지고 β는 더해집니다: 두 그래디언트 중 어느 쪽에 x̂가 들어갈까요?",
    ("returned dgamma and dbeta of shape {shape}, summed over the batch alone. γ and β are shared "
     "by every position of a channel, so their gradients add up over every position too."):
        ("배치에 대해서만 더한, 모양 {shape}의 dgamma와 dbeta를 반환했습니다. γ와 β는 한 채널의 "
         "모든 위치가 함께 쓰므로, 그 그래디언트도 모든 위치에 대해 더해집니다."),
    "Sum over every axis except the last.":
        "마지막 축을 뺀 모든 축에 대해 더하세요.",
    "computes dgamma from x itself; γ multiplies the normalised x̂.":
        "dgamma를 x 자체로 계산합니다. γ가 곱해지는 것은 정규화된 x̂입니다.",
    "dgamma sums dy times what γ multiplies.":
        "dgamma는 dy에 γ가 곱해지는 값을 곱해 더한 것입니다.",
    "batch_norm_backward on a {shape} batch, compared with tf.GradientTape":
        "{shape} 배치에 대한 batch_norm_backward, tf.GradientTape와 비교",
    "batch_norm_backward on a {shape_name} batch, {epsilon_name}":
        "{shape_name} 배치에 대한 batch_norm_backward, {epsilon_name}",
    "has shape {got}; it should have shape {want}.":
        "모양이 {got}입니다. 모양이 {want}이어야 합니다.",
    "differs from tf.GradientTape's (largest difference {worst:.3g}).":
        "tf.GradientTape의 값과 다릅니다(가장 큰 차이 {worst:.3g}).",
    ("Two checks that need no reference: over each channel, dx sums to 0, and so does dx times "
     "x̂."):
        ("참고 답 없이 할 수 있는 두 가지 확인: 채널마다 dx의 합은 0이고, dx에 x̂를 곱한 것의 "
         "합도 0입니다."),
    "inputs times {scale:>5g}: size of dx {size:.4f}":
        "입력 × {scale:>5g}: dx의 크기 {size:.4f}",
    # -- exercise 3: the probe --
    ("returned a weight of {weight} for {box}: the batch you fed it had the same mean as the "
     "moving mean, so the update could not show how the two are weighed."):
        ("{box}에 대해 가중치 {weight}을(를) 반환했습니다: 넣은 배치의 평균이 이동 평균과 같아서, "
         "업데이트가 둘을 어떻게 섞는지 보여 줄 수 없었습니다."),
    "Feed a batch whose mean differs from the box's current moving mean.":
        "평균이 상자의 현재 이동 평균과 다른 배치를 넣으세요.",
    ("returned {got:.4g} for {box}, whose update gives the old value the weight {want:.4g}: your "
     "number is the weight of the new batch."):
        ("업데이트에서 예전 값에 가중치 {want:.4g}을(를) 주는 {box}에 대해 {got:.4g}을(를) "
         "반환했습니다: 여러분의 수는 새 배치의 가중치입니다."),
    "The exercise asks for the weight the update gives the OLD moving value.":
        "실습 과제가 묻는 것은 업데이트가 예전(OLD) 이동 평균 값에 주는 가중치입니다.",
    ("returned {got:.4g} for {box}, the square of its weight of the old value ({want:.4g}): two "
     "calls of the box counted as one."):
        ("{box}에 대해 예전 값 가중치({want:.4g})의 제곱인 {got:.4g}을(를) 반환했습니다: 상자를 두 "
         "번 부른 것을 한 번으로 셌습니다."),
    "Each call of the box is one update: measure across exactly one call, or undo the extra ones.":
        ("상자를 한 번 부를 때마다 업데이트가 한 번입니다: 정확히 한 번의 호출 앞뒤를 재거나, 더 "
         "부른 만큼을 되돌려 계산하세요."),
    ("is right for the fresh boxes but wrong for {box}: your probe assumed the moving averages "
     "were still at their start (mean 0, variance 1)."):
        ("새 상자에서는 맞지만 {box}에서는 틀립니다: 여러분의 프로브는 이동 평균이 아직 "
         "시작값(평균 "
         "0, 분산 1)이라고 가정했습니다."),
    "Read the box's moving averages before your batch as well as after it.":
        "배치를 넣은 뒤뿐 아니라 넣기 전에도 상자의 이동 평균을 읽으세요.",
    "answered '{got}' for {box}, which averages the {want} variance of each batch.":
        "각 배치의 {want} 분산을 평균하는 {box}에 대해 '{got}'이라고 답했습니다.",
    ("Design a batch whose biased and unbiased variances differ clearly (a batch of two rows, "
     "say), then compare what the moving variance moved towards."):
        ("편향 분산과 불편 분산이 뚜렷이 다른 배치(예를 들어 두 행짜리 배치)를 설계하고, 이동 "
         "분산이 "
         "어느 쪽으로 움직였는지 비교하세요."),
    "biased":
        "편향",
    "unbiased":
        "불편",
    "probe_moving_average on four boxes":
        "상자 네 개에 대한 probe_moving_average",
    "probe_moving_average on four boxes drawn at grading time":
        "채점할 때 뽑은 상자 네 개에 대한 probe_moving_average",
    ("should return a dict with the keys 'weight_of_old' and 'variance', returned "
     "{answer!r:.120} for {box}."):
        ("키 'weight_of_old'와 'variance'를 가진 dict를 반환해야 하는데 {box}에 대해 "
         "{answer!r:.120}을(를) 반환했습니다."),
    "a fresh Keras layer":
        "새 Keras 층",
    "a fresh box of another kind":
        "다른 종류의 새 상자",
    "a Keras layer that has seen 5 batches":
        "배치 5개를 이미 본 Keras 층",
    "a box of another kind that has seen 3 batches":
        "배치 3개를 이미 본 다른 종류의 상자",
    "a box that has seen {warm} batches":
        "배치 {warm}개를 이미 본 상자",
    "a fresh box":
        "새 상자",
    "the box takes a batch of shape (batch, {channels}), got {shape}":
        "상자는 모양 (batch, {channels})의 배치를 받는데 {shape}이(가) 들어왔습니다",
    ("returned a weight of the old value of {got:.4g} for {box}; measured from outside, it is "
     "{want:.4g}."):
        ("{box}에 대해 예전 값의 가중치로 {got:.4g}을(를) 반환했습니다. 밖에서 재면 "
         "{want:.4g}입니다."),
    "Compare the moving mean before and after one call on a batch whose mean you know.":
        "평균을 아는 배치로 한 번 부르기 전과 후의 이동 평균을 비교하세요.",
    "returned a weight_of_old that is not a number for {box}.":
        "{box}에 대해 수가 아닌 weight_of_old를 반환했습니다.",
    "returned variance={got!r:.60} for {box}; it should be 'biased' or 'unbiased'.":
        "{box}에 대해 variance={got!r:.60}을(를) 반환했습니다. 'biased'나 'unbiased'여야 합니다.",
    "did not return an answer for every box.":
        "모든 상자에 대한 답을 반환하지 않았습니다.",
    "Keras BatchNormalization(), momentum 0.99":
        "Keras의 BatchNormalization(), momentum 0.99",
    "PyTorch-style BatchNorm, momentum 0.1":
        "PyTorch 방식 BatchNorm, momentum 0.1",
    "{name}: weight of the old value {weight:.4f}, variance kept: {variance}":
        "{name}: 예전 값의 가중치 {weight:.4f}, 평균하는 분산: '{variance}'",
    # -- exercise 4: positions --
    "puts batch norm on the generator's output layer (4).":
        "생성자의 출력층(4)에 배치 정규화를 둡니다.",
    "Section 6 quotes the paper on where batch norm must not go, and why.":
        "6절은 배치 정규화가 들어가면 안 되는 곳과 그 이유에 대한 논문 구절을 인용합니다.",
    "puts batch norm on the discriminator's first layer (1), the one that sees the pixels.":
        "픽셀을 보는 판별자의 첫 번째 층(1)에 배치 정규화를 둡니다.",
    ("Section 6 quotes the paper on where batch norm must not go, and shows what it would "
     "hide."):
        ("6절은 배치 정규화가 들어가면 안 되는 곳에 대한 논문 구절을 인용하고, 그러면 무엇이 "
         "가려지는지 보여 줍니다."),
    "puts batch norm on the discriminator's last layer (4), its logit.":
        "판별자의 마지막 층(4), 즉 로짓에 배치 정규화를 둡니다.",
    "The exercise says which output never gets batch norm.":
        "어떤 출력에는 절대 배치 정규화를 두지 않는지 실습 과제가 알려 줍니다.",
    "Exercise 4: visible tests passed (the grader checks the full answer).":
        "실습 과제 4: 공개 테스트를 통과했습니다(전체 답은 채점기가 확인합니다).",
    ("batch_norm_positions()['generator'] is {value!r}, which is not where the DCGAN puts batch "
     "norm.\nHint: The DCGAN paper puts batch norm on the hidden layers and leaves it out only "
     "where a layer touches the pixels or gives the logit. Ask that of each of the generator's "
     "weight layers in the table, the Dense projection included."):
        ("batch_norm_positions()['generator']가 {value!r}인데, 이것은 DCGAN이 배치 정규화를 두는 "
         "곳이 아닙니다.\n힌트: DCGAN 논문은 은닉층에 배치 정규화를 두고, 층이 픽셀에 닿거나 "
         "로짓을 내는 곳에서만 뺍니다. 표에 있는 생성자의 가중치 층마다, Dense 사영층도 포함해 "
         "그 질문을 해 보세요."),
    ("batch_norm_positions()['discriminator'] is {value!r}, which is not where the DCGAN puts "
     "batch norm.\nHint: The same rule for the discriminator: which of its weight layers touches "
     "the pixels, and which gives the logit?"):
        ("batch_norm_positions()['discriminator']가 {value!r}인데, 이것은 DCGAN이 배치 정규화를 "
         "두는 곳이 아닙니다.\n힌트: 판별자에도 같은 규칙입니다: 가중치 층 중 어느 것이 픽셀에 "
         "닿고, 어느 것이 로짓을 낼까요?"),
    "Exercise 2 (batch_norm_backward)":
        "실습 과제 2 (batch_norm_backward)",
    "Exercise 3 (probe_moving_average)":
        "실습 과제 3 (probe_moving_average)",
    # -- the lab and the explorer --
    "{depth}×{width} {activation}":
        "{depth}×{width} {activation}",
    ("{label}: a step with BN takes {cpu_ratio:.2f} times the processor time of one without "
     "({plain:.2f} against {bn:.2f} ms); by the clock, timed in turns, {ratio:.2f} times (rounds: "
     "{low:.2f} to {high:.2f})"):
        ("{label}: BN이 있는 스텝은 없는 스텝의 {cpu_ratio:.2f}배 프로세서 시간이 듭니다"
         "({plain:.2f} 대 {bn:.2f} ms). 번갈아 잰 시계 시간으로는 {ratio:.2f}배(라운드별 "
         "{low:.2f}~{high:.2f})"),
    "healthy: the spread stays within a factor of 3 from the first layer to the last":
        "건강함: 첫 층에서 마지막 층까지 퍼짐이 3배 이내로 유지됩니다",
    "growing: the spread grows from {first:.3g} in the first layer to {last:.3g} in the last":
        "커짐: 퍼짐이 첫 층의 {first:.3g}에서 마지막 층의 {last:.3g}(으)로 커집니다",
    "shrinking: the spread falls from {first:.3g} in the first layer to {last:.3g} in the last":
        "줄어듦: 퍼짐이 첫 층의 {first:.3g}에서 마지막 층의 {last:.3g}(으)로 줄어듭니다",
    (" &nbsp; <span style='color:#777'>(moving averages still at their start, mean 0 and "
     "variance 1: batch norm only divides by √(1 + ε) ≈ 1.0005)</span>"):
        (" &nbsp; <span style='color:#777'>(이동 평균이 아직 시작값인 평균 0, 분산 1: 배치 "
         "정규화는 √(1 + ε) ≈ 1.0005로 나누기만 합니다)</span>"),
}
