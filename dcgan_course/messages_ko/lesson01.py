"""Korean text for lesson 01 (the GAN game): its exercises' checks, toy GAN and cells.

Keyed by the English text passed to ``tr``; merged into :data:`dcgan_course.messages_ko.KO`."""

KO: dict[str, str] = {
    # -- exercise 1: the discriminator's loss (named mistakes and hints) --
    ("Rewrite log σ(ℓ) and log(1 - σ(ℓ)) with the identities of section 2 (tf.nn.softplus), so "
     "that no probability is ever formed."):
        ("2절의 항등식(tf.nn.softplus)으로 log σ(ℓ)와 log(1 - σ(ℓ))를 다시 써서 확률이 한 번도 "
         "만들어지지 않게 "
         "하세요."),
    ("returned {got:.4g} where {want:.4g} is right, for logits of ±{big:.0f}: the loss stops "
     "growing for confidently wrong logits, as it does when a probability is clipped or a small "
     "epsilon is added before the log."):
        ("로짓 ±{big:.0f}에서 {want:.4g}이(가) 맞는데 {got:.4g}을(를) 반환했습니다: 확신하며 틀린 "
         "로짓에서 손실이 더 커지지 않습니다. 확률을 잘라 내거나(clip) 로그 앞에 작은 epsilon을 "
         "더하면 이렇게 됩니다."),
    "The form written with softplus needs no epsilon and no clipping.":
        "softplus로 쓴 식에는 epsilon도, 잘라 내기도 필요 없습니다.",
    "returned {got:.5g}, the sum of the terms over each batch; the averages give {want:.5g}.":
        "각 배치의 항을 합한 {got:.5g}을(를) 반환했습니다. 평균으로 계산하면 {want:.5g}입니다.",
    "V is made of expectations: each one is estimated by a batch's mean.":
        "V는 기댓값으로 이루어져 있습니다: 기댓값 하나하나를 배치의 평균으로 추정합니다.",
    ("averages the real and the fake terms together, as one batch. The batches differ in size "
     "here ({n_real} real, {n_fake} fake), so the larger one weighs more."):
        ("진짜 항과 가짜 항을 한 배치처럼 함께 평균냅니다. 여기서는 배치 크기가 달라서(진짜 "
         "{n_real}개, 가짜 {n_fake}개) 큰 배치가 더 큰 비중을 차지합니다."),
    ("V has one expectation over real samples and one over fakes: estimate each with its own "
     "batch's mean, then add."):
        ("V에는 진짜 샘플에 대한 기댓값 하나와 가짜에 대한 기댓값 하나가 있습니다: 각각을 자기 "
         "배치의 평균으로 추정한 뒤 더하세요."),
    ("scores the real samples as if they were fakes and the fakes as if they were real: "
     "minimising it would teach D to call fakes real."):
        ("진짜 샘플을 가짜처럼, 가짜를 진짜처럼 채점합니다: 이것을 최소화하면 D는 가짜를 진짜라고 "
         "부르도록 배웁니다."),
    "Which identity of section 2 belongs to log D(x), and which to log(1 - D(G(z)))?":
        "2절의 항등식 중 어느 것이 log D(x)에, 어느 것이 log(1 - D(G(z)))에 해당할까요?",
    ("returned {got:.5g}, a negative number: that is V itself, which D maximises. A loss is "
     "minimised."):
        ("음수 {got:.5g}을(를) 반환했습니다: D가 최대화하는 V 그 자체입니다. 손실은 최소화하는 "
         "값입니다."),
    "D's loss is the value D wants large, with its sign changed.":
        "D의 손실은 D가 크게 만들려는 값의 부호를 바꾼 것입니다.",
    ("Start from V (section 2): D's loss is what D maximises with the sign changed, each "
     "expectation estimated by its batch's mean, written with softplus."):
        ("V(2절)에서 시작하세요: D의 손실은 D가 최대화하는 값의 부호를 바꾼 것이고, 기댓값마다 "
         "자기 배치의 평균으로 추정해 softplus로 씁니다."),
    "discriminator_loss on real logits [{real}] and fake logits [{fake}]":
        "진짜 로짓 [{real}]과 가짜 로짓 [{fake}]에 대한 discriminator_loss",
    # -- exercise 2: the generator's loss --
    "Average over the batch (tf.reduce_mean).":
        "배치에 대해 평균을 내세요(tf.reduce_mean).",
    "returned {got} for a logit of ±{big:.0f}: log(sigmoid(...)) is infinite there in float32.":
        ("로짓 ±{big:.0f}에 대해 {got}을(를) 반환했습니다: float32에서는 거기서 "
         "log(sigmoid(...))가 무한대가 됩니다."),
    "Write -log D(G(z)) from the logit with the identity of section 2.":
        "2절의 항등식으로 -log D(G(z))를 로짓에서 바로 쓰세요.",
    "Section 3: the generator minimises -log D(G(z)) instead.":
        "3절: 생성자는 대신 -log D(G(z))를 최소화합니다.",
    "The generator wants its fakes called real.":
        "생성자는 자기 가짜가 진짜로 불리기를 원합니다.",
    ("returned {got:.5g}, a negative number: the mean of log D(G(z)), which the generator wants "
     "large. A loss is minimised."):
        ("음수 {got:.5g}을(를) 반환했습니다: 생성자가 크게 만들려는 log D(G(z))의 평균입니다. "
         "손실은 최소화하는 값입니다."),
    "Change the sign of what G maximises.":
        "G가 최대화하는 값의 부호를 바꾸세요.",
    "returned {got:.5g}, the sum over the batch; the average is {want:.5g}.":
        "배치에 대한 합 {got:.5g}을(를) 반환했습니다. 평균은 {want:.5g}입니다.",
    "Average over the batch, so the loss does not grow with the batch size.":
        "배치 크기에 따라 손실이 커지지 않도록 배치에 대해 평균을 내세요.",
    "The generator's loss is -log D(G(z)) averaged over the fakes, from logits.":
        "생성자의 손실은 가짜들에 대해 평균 낸 -log D(G(z))이고, 로짓에서 계산합니다.",
    "generator_loss on fake logits [{fake}]":
        "가짜 로짓 [{fake}]에 대한 generator_loss",
    # -- exercise 3: the optimal discriminator --
    "divided 0 by 0 where both densities are 0 ({problem}).":
        "두 밀도가 모두 0인 곳에서 0을 0으로 나눴습니다({problem}).",
    ("Where neither density has any mass there is no evidence either way: the exercise says what "
     "D* is there. Divide only where the sum of the densities is positive."):
        ("두 밀도가 모두 0인 곳에는 어느 쪽 증거도 없습니다: 그곳의 D*가 무엇인지는 실습 과제가 "
         "알려 줍니다. 밀도의 합이 양수인 곳에서만 나누세요."),
    ("returns the probability that x is a fake: it is high where the generator's density is the "
     "larger one."):
        "x가 가짜일 확률을 반환합니다: 생성자의 밀도가 더 큰 곳에서 값이 큽니다.",
    ("D(x) is the probability that x is real. Which of a log y and b log(1 - y) belongs to the "
     "real data?"):
        "D(x)는 x가 진짜일 확률입니다. a log y와 b log(1 - y) 중 어느 쪽이 진짜 데이터의 것일까요?",
    ("returns only 0s and 1s, a hard decision. Where both densities are positive, a log y + "
     "b log(1 - y) is -∞ at y = 0 and at y = 1: the best y lies strictly between."):
        ("0과 1만 반환하는 딱 잘라 내린 결정입니다. 두 밀도가 모두 양수인 곳에서는 a log y + "
         "b log(1 - y)가 y = 0과 y = 1에서 -∞입니다: 가장 좋은 y는 그 사이에 있습니다."),
    "Set the derivative of a log y + b log(1 - y) to zero and solve for y.":
        "a log y + b log(1 - y)의 도함수를 0으로 놓고 y에 대해 푸세요.",
    ("returns values above 1 (largest {top:.3g}), so they cannot be probabilities: a ratio of the "
     "two densities is not yet D*."):
        ("1보다 큰 값(가장 큰 값 {top:.3g})을 반환하므로 확률일 수 없습니다: 두 밀도의 비는 아직 "
         "D*가 아닙니다."),
    "is right wherever a density is positive, but returns {value:g} where both are 0.":
        "밀도가 양수인 곳에서는 맞지만, 둘 다 0인 곳에서 {value:g}을(를) 반환합니다.",
    ("Where neither density has any mass, the integrand is 0 for every y: the exercise says which "
     "value to return there."):
        ("두 밀도가 모두 0인 곳에서는 피적분 함수가 모든 y에서 0입니다: 그곳에서 반환할 값은 실습 "
         "과제가 알려 줍니다."),
    "D* maximises a log y + b log(1 - y) at every point, with a = p_data(x) and b = p_g(x).":
        ("D*는 모든 점에서 a log y + b log(1 - y)를 최대화합니다. 여기서 a = p_data(x), b = "
         "p_g(x)입니다."),
    "optimal_discriminator(p_data={p_data}, p_g={p_g})":
        "optimal_discriminator(p_data={p_data}, p_g={p_g})",
    "NumPy warned: {warning}":
        "NumPy가 경고했습니다: {warning}",
    "the result holds nan there":
        "결과의 그 자리에 nan이 있습니다",
    "expected {want}, got {got}.":
        "{want}을(를) 기대했는데 {got}이(가) 나왔습니다.",
    "Work elementwise: D* at each point, same shape.":
        "원소별로 계산하세요: 점마다 D* 하나, 같은 모양으로.",
    # -- exercise 4: the value of the game at D* --
    "returned {got} for densities that are 0 in places: there a term 0 · log 0 came out as nan.":
        ("군데군데 0인 밀도에 대해 {got}을(를) 반환했습니다: 그곳에서 0 · log 0 항이 nan이 "
         "되었습니다."),
    ("0 · log 0 counts as 0 in an integral (its limit): leave out the points where the density "
     "in front of the log is 0."):
        ("적분에서 0 · log 0은 0으로 셉니다(그 극한값): 로그 앞의 밀도가 0인 점은 빼고 "
         "계산하세요."),
    ("returned -inf for two densities that are positive everywhere but far apart: where p_g is "
     "tiny next to p_data, D* rounds to exactly 1 in floating point and log(1 - D*) becomes "
     "-inf, although p_g > 0 there."):
        ("어디서나 양수이지만 멀리 떨어진 두 밀도에 대해 -inf를 반환했습니다: p_g가 p_data에 "
         "비해 아주 작은 곳에서는 부동소수점으로 D*가 정확히 1로 반올림되어, 그곳의 p_g가 0보다 "
         "큰데도 log(1 - D*)가 -inf가 됩니다."),
    ("log D* and log(1 - D*) are logs of ratios of the two densities: write each as a difference "
     "of logs, so that no ratio that rounds is ever formed (section 2's trick, one level up)."):
        ("log D*와 log(1 - D*)는 두 밀도의 비의 로그입니다: 각각을 로그의 차로 써서 반올림될 수 "
         "있는 비가 아예 만들어지지 않게 하세요(2절의 요령을 한 단계 위에서)."),
    ("returned {got:.5g}, which changes with the grid's spacing: the sum of the integrand without "
     "the spacing dx."):
        ("격자 간격에 따라 달라지는 {got:.5g}을(를) 반환했습니다: 간격 dx를 곱하지 않은 피적분 "
         "함수의 합입니다."),
    "An integral on an even grid is the sum of the integrand times dx.":
        "고른 격자에서 적분은 피적분 함수의 합에 dx를 곱한 것입니다.",
    ("returned {got:.5g}, the mean of the integrand over the grid: it changes with the length of "
     "the grid."):
        ("격자 위 피적분 함수의 평균 {got:.5g}을(를) 반환했습니다: 이 값은 격자의 길이에 따라 "
         "달라집니다."),
    ("returned {got:.5g}, a positive number: V is a sum of logs of probabilities weighted by "
     "densities, so it cannot be above 0."):
        ("양수 {got:.5g}을(를) 반환했습니다: V는 확률의 로그를 밀도로 가중해 더한 것이므로 0보다 "
         "클 수 없습니다."),
    "Compute V itself, not D's loss.":
        "D의 손실이 아니라 V 자체를 계산하세요.",
    ("returned {got:.5g}, the value of V when D says 1/2 everywhere, whatever the densities: that "
     "is the value at equilibrium, not the value at D*."):
        ("밀도와 상관없이 D가 어디서나 1/2이라고 할 때의 V 값 {got:.5g}을(를) 반환했습니다: "
         "균형점에서의 값이지 D*에서의 값이 아닙니다."),
    "Use D* of these two densities (your optimal_discriminator) inside the logs.":
        "로그 안에는 이 두 밀도의 D*(여러분의 optimal_discriminator)를 쓰세요.",
    "returned {got:.5g}, the value in bits: a base-2 logarithm.":
        "비트 단위의 값 {got:.5g}을(를) 반환했습니다: 밑이 2인 로그를 썼습니다.",
    "V uses the natural logarithm, like the losses.":
        "V는 손실과 마찬가지로 자연로그를 씁니다.",
    "V(D*, G) is the integral of p_data log D* + p_g log(1 - D*) over x.":
        "V(D*, G)는 p_data log D* + p_g log(1 - D*)를 x에 대해 적분한 값입니다.",
    "returned shape {shape}; V is one number.":
        "모양 {shape}을(를) 반환했습니다. V는 수 하나입니다.",
    "Sum the integrand over the grid.":
        "피적분 함수를 격자 전체에 대해 더하세요.",
    "game_value for {name}, dx = {dx:g}":
        "{name}에 대한 game_value, dx = {dx:g}",
    "two bumps (data at 2, generator at 0)":
        "두 봉우리(데이터는 2, 생성자는 0)",
    "two equal densities":
        "같은 두 밀도",
    "two boxes that do not overlap":
        "겹치지 않는 두 상자",
    "two boxes that overlap in part":
        "일부가 겹치는 두 상자",
    "two bumps far apart (data at 2, generator at -4)":
        "멀리 떨어진 두 봉우리(데이터는 2, 생성자는 -4)",
    "game_value for two boxes that do not overlap":
        "겹치지 않는 두 상자에 대한 game_value",
    "game_value for two boxes that overlap in part":
        "일부가 겹치는 두 상자에 대한 game_value",
    "game_value for two equal densities":
        "같은 두 밀도에 대한 game_value",
    "game_value for two bumps drawn at grading time":
        "채점할 때 뽑은 두 봉우리에 대한 game_value",
    "game_value for two bumps far apart":
        "멀리 떨어진 두 봉우리에 대한 game_value",
    "{what}, dx = {dx:.4g}":
        "{what}, dx = {dx:.4g}",
    # -- exercise 5: the training step --
    "returned {result}; the lesson needs the tuple (d_loss, g_loss).":
        "{result}을(를) 반환했습니다. 이 강의에는 튜플 (d_loss, g_loss)가 필요합니다.",
    ("asked a tape for gradients it never recorded (TensorFlow: 'No gradients provided for any "
     "variable'): the generator's loss was computed from fakes made outside the second tape, so "
     "the tape has no path from that loss back to the generator's variables."):
        ("테이프가 기록하지 않은 그래디언트를 요청했습니다(TensorFlow: 'No gradients provided for "
         "any variable'): 생성자의 손실을 두 번째 테이프 밖에서 만든 가짜로 계산해서, 테이프에는 "
         "그 손실에서 생성자의 변수로 돌아가는 경로가 없습니다."),
    ("A tape records only what runs inside its `with` block: make the generator's fakes again "
     "inside the second tape."):
        ("테이프는 자기 `with` 블록 안에서 실행된 것만 기록합니다: 두 번째 테이프 안에서 생성자의 "
         "가짜를 다시 만드세요."),
    ("asked one tape for a second gradient, and TensorFlow refused ({kind}): a tape frees what "
     "it recorded after its first gradient call."):
        ("테이프 하나에 두 번째 그래디언트를 요청했고 TensorFlow가 거부했습니다({kind}): 테이프는 "
         "첫 번째 tape.gradient 호출 뒤에 기록한 것을 비웁니다."),
    ("Each player's update here has its own tape (section 5's example says how a tape is used "
     "once)."):
        ("여기서는 각 플레이어의 업데이트마다 테이프가 따로 있습니다(5절의 예가 테이프를 한 "
         "번 쓰는 "
         "법을 보여 줍니다)."),
    ("applies the generator's gradients to the discriminator's variables too: the discriminator "
     "then also moves to call the fakes real, helping its opponent."):
        ("생성자의 그래디언트를 판별자의 변수에도 적용합니다: 그러면 판별자도 가짜를 진짜라고 "
         "부르는 쪽으로 움직여 상대를 돕게 됩니다."),
    ("The variables you pass to tape.gradient and apply_gradients decide who learns: G's loss "
     "moves G's variables only."):
        ("tape.gradient와 apply_gradients에 넘기는 변수가 누가 배울지를 정합니다: G의 손실은 G의 "
         "변수만 움직입니다."),
    ("applies the discriminator's gradients to the generator's variables too: the generator then "
     "also moves to make its fakes look fake."):
        ("판별자의 그래디언트를 생성자의 변수에도 적용합니다: 그러면 생성자도 자기 가짜가 가짜처럼 "
         "보이는 쪽으로 움직입니다."),
    "D's loss moves D's variables only.":
        "D의 손실은 D의 변수만 움직입니다.",
    "Each player's gradients go to its own optimizer.":
        "각 플레이어의 그래디언트는 자기 옵티마이저로 갑니다.",
    ("scores the generator against the discriminator as it was before its update: its loss and "
     "its gradient come from the first forward pass."):
        ("업데이트하기 전의 판별자로 생성자를 채점합니다: 생성자의 손실과 그래디언트가 첫 번째 "
         "순전파에서 "
         "나옵니다."),
    ("This exercise's order: update D first, then make the fakes again and score them with the "
     "updated D."):
        "이 실습 과제의 순서: 먼저 D를 업데이트하고, 가짜를 다시 만들어 업데이트된 D로 채점합니다.",
    ("updates the generator first and then the discriminator: D then learns on fakes from the "
     "already updated generator."):
        ("생성자를 먼저, 판별자를 나중에 업데이트합니다: 그러면 D는 이미 업데이트된 생성자의 "
         "가짜로 배웁니다."),
    ("This exercise's order: D first, on the fakes of the generator as it was at the start of "
     "the step; then G."):
        ("이 실습 과제의 순서: 먼저 스텝을 시작할 때의 생성자가 만든 가짜로 D를, 그다음 G를 "
         "학습시킵니다."),
    ("returns the discriminator's loss computed again after its update. The lesson records the "
     "loss of the forward pass that gave the gradients."):
        ("업데이트 뒤에 다시 계산한 판별자의 손실을 반환합니다. 이 강의는 그래디언트를 준 순전파의 "
         "손실을 기록합니다."),
    "Return the d_loss you computed inside the first tape.":
        "첫 번째 테이프 안에서 계산한 d_loss를 반환하세요.",
    "Apply the {who}'s gradients with its own optimizer.":
        "{who}의 그래디언트를 그 자신의 옵티마이저로 적용하세요.",
    "does not run when compiled with tf.function, as the lesson runs it ({kind}: {error}).":
        "강의처럼 tf.function으로 컴파일하면 실행되지 않습니다({kind}: {error}).",
    ("train_step on toy players (batch of {batch}, SGD with learning rates {g_lr:g} for G and "
     "{d_lr:g} for D)"):
        ("작은 플레이어들에 대한 train_step(배치 {batch}개, G의 학습률 {g_lr:g}, D의 학습률 "
         "{d_lr:g}인 "
         "SGD)"),
    ("train_step on toy players with a batch of {batch} (SGD, learning rates {g_lr:.3f} for G "
     "and {d_lr:.3f} for D)"):
        ("배치 {batch}개로 작은 플레이어들에 대한 train_step(SGD, G의 학습률 {g_lr:.3f}, "
         "D의 학습률 "
         "{d_lr:.3f})"),
    "Exercise 5: visible tests passed.":
        "실습 과제 5: 공개 테스트를 통과했습니다.",
    "d_loss returned":
        "반환된 d_loss",
    ("Return D's loss from before its update, on the real batch and the fakes made from `noise` "
     "at the start of the step."):
        ("업데이트하기 전 D의 손실을 반환하세요. 진짜 배치와, 스텝을 시작할 때 `noise`로 만든 "
         "가짜에 대한 손실입니다."),
    "the discriminator's weights after the step":
        "스텝 뒤 판별자의 가중치",
    "Update D with d_optimizer, on your discriminator_loss of the real batch and the fakes.":
        ("진짜 배치와 가짜에 대한 여러분의 discriminator_loss로, d_optimizer를 써서 D를 "
         "업데이트하세요."),
    "g_loss returned":
        "반환된 g_loss",
    "Return G's loss computed against the discriminator after its update.":
        "업데이트된 판별자에 대해 계산한 G의 손실을 반환하세요.",
    "the generator's weights after the step":
        "스텝 뒤 생성자의 가중치",
    ("Update G with g_optimizer, on your generator_loss of fakes made again from `noise` and "
     "scored by the updated D."):
        ("`noise`로 다시 만들고 업데이트된 D로 채점한 가짜에 대한 여러분의 generator_loss로, "
         "g_optimizer를 써서 G를 업데이트하세요."),
    "{part} differ from the right step's.":
        "{part}이(가) 올바른 스텝의 것과 다릅니다.",
    "Exercise 4 (game_value)":
        "실습 과제 4 (game_value)",
    "Exercise 5 (train_step)":
        "실습 과제 5 (train_step)",
    # -- the toy GAN and the lesson's cells --
    "saturating loss (recorded)":
        "포화 손실(녹화본)",
    "non-saturating loss (recorded)":
        "비포화 손실(녹화본)",
    "alternating (G sees the updated D)":
        "번갈아(G가 업데이트된 D를 봄)",
    "simultaneous (G sees D before its update)":
        "동시에(G가 업데이트 전의 D를 봄)",
    ("{step} does not call {names} by name, so the experiment cannot swap {names} for another "
     "function. Call your own {names} inside the step, as the exercise asks, and run the step's "
     "cell again."):
        ("{step}이(가) {names}을(를) 이름으로 부르지 않아서, 실험이 {names}을(를) 다른 함수로 바꿔 "
         "끼울 수 없습니다. 실습 과제가 요구하는 대로 스텝 안에서 여러분의 {names}을(를) 부르고, "
         "스텝의 셀을 다시 실행하세요."),
    ("{order:<42} distance to the data at the end: {distances} (median {median:.3f});  reached "
     "the data at step: {reached}"):
        ("{order:<42} 마지막에 데이터까지의 거리: {distances}(중앙값 {median:.3f});  데이터에 "
         "도달한 스텝: {reached}"),
    ("{label}: D(fake) = {d_fake:.4f} at the start; mean of G's samples {start:.2f} at step 0, "
     "{end:.2f} at step {steps}"):
        ("{label}: 시작할 때 D(fake) = {d_fake:.4f}; G 샘플의 평균은 스텝 0에서 {start:.2f}, "
         "스텝 {steps}에서 {end:.2f}"),
    "for comparison, -log 4 = {value:.4f}":
        "비교하면 -log 4 = {value:.4f}",
    "generator bump at {mean:+.1f}:  V(D*, G) = {value:10.3g}":
        "생성자 봉우리 위치 {mean:+.1f}:  V(D*, G) = {value:10.3g}",
    ("{label}: share of generated samples near the left bump {left:.0%}, near the right bump "
     "{right:.0%}"):
        "{label}: 생성된 샘플 중 왼쪽 봉우리 근처 {left:.0%}, 오른쪽 봉우리 근처 {right:.0%}",
    "two bumps, seed {seed}":
        "두 봉우리, 시드 {seed}",
    # architecture.model_table (lesson 01's toy models, in place of Keras' summary())
    "trainable":
        "학습 가능",
}
